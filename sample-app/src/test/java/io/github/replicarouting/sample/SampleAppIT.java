package io.github.replicarouting.sample;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static io.github.replicarouting.sample.SampleHttp.at;
import static io.github.replicarouting.sample.SampleHttp.routedTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample app on its embedded replicated PostgreSQL, over HTTP, as a user and an operator see
 * it: reads on the replicas, a user's own save read back at once, and a paused or killed replica
 * (through the demo controls) leaving the rotation in health and routing, then coming back.
 */
@EmbeddedSampleAppTest
class SampleAppIT {

	private static final Duration STATE_CHANGE = Duration.ofSeconds(20);

	@LocalServerPort
	int port;

	SampleHttp user;

	@BeforeEach
	void everyReplicaServes() {
		this.user = new SampleHttp(this.port);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(replicaState("replica-1")).isEqualTo("UP");
			assertThat(replicaState("replica-2")).isEqualTo("UP");
		});
	}

	@AfterEach
	void restoreEveryReplica() {
		for (String replica : List.of("replica-1", "replica-2")) {
			this.user.post("/demo/replicas/" + replica + "/restart", "");
			this.user.post("/demo/replicas/" + replica + "/resume", "");
		}
	}

	@Test
	void readsShouldGoToTheReplicas() {
		double before = routes("replica-1") + routes("replica-2");
		List<String> targets = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			HttpResponse<String> report = this.user.get("/api/reports/countries?days=30");
			assertThat(report.statusCode()).isEqualTo(200);
			assertThat(report.body()).contains("\"country\":\"US\"");
			targets.add(routedTo(report));
		}
		assertThat(targets).containsOnly("replica-1", "replica-2").contains("replica-1", "replica-2");
		assertThat(routes("replica-1") + routes("replica-2")).isGreaterThanOrEqualTo(before + 6);
	}

	@Test
	void savedDashboardShouldBeReadBackByItsUserAtOnce() {
		SampleHttp otherUser = new SampleHttp(this.port);
		String before = (String) SampleHttp.parse(otherUser.get("/api/dashboards/2")).get("name");
		// With replay paused, the replicas cannot have the save: only read-your-writes explains
		// reading it back.
		pause("replica-1");
		pause("replica-2");
		String name = "Traffic " + UUID.randomUUID().toString().substring(0, 8);
		HttpResponse<String> saved = this.user.put("/api/dashboards/2",
				"{\"name\":\"" + name + "\",\"rangeDays\":14,\"chart\":\"line\"}");
		assertThat(saved.statusCode()).isEqualTo(200);
		assertThat(routedTo(saved)).isEqualTo("primary");

		HttpResponse<String> ownRead = this.user.get("/api/dashboards/2");
		assertThat(SampleHttp.parse(ownRead).get("name")).isEqualTo(name);
		assertThat(routedTo(ownRead)).isEqualTo("primary");
		HttpResponse<String> othersRead = otherUser.get("/api/dashboards/2");
		assertThat(routedTo(othersRead)).startsWith("replica-");
		assertThat(SampleHttp.parse(othersRead).get("name")).isEqualTo(before);

		resume("replica-1");
		resume("replica-2");
		await().atMost(STATE_CHANGE).untilAsserted(() -> {
			HttpResponse<String> read = otherUser.get("/api/dashboards/2");
			assertThat(routedTo(read)).startsWith("replica-");
			assertThat(SampleHttp.parse(read).get("name")).isEqualTo(name);
		});
	}

	@Test
	void pausedReplicaShouldLeaveTheRotationWhileItLagsAndComeBack() {
		pause("replica-1");
		await().atMost(STATE_CHANGE).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
			// Writes move the primary on; replica-1 stays behind.
			this.user.post("/api/events", "{\"type\":\"click\",\"country\":\"DE\",\"userId\":7,\"revenueCents\":0}");
			assertThat(replicaState("replica-1")).isEqualTo("LAGGING");
		});
		assertThat(health().get("status")).isEqualTo("UP");
		assertThat(readTargets(6)).containsOnly("replica-2");

		resume("replica-1");
		await().atMost(STATE_CHANGE).untilAsserted(() -> assertThat(replicaState("replica-1")).isEqualTo("UP"));
		await().atMost(STATE_CHANGE).untilAsserted(() -> assertThat(readTargets(4)).contains("replica-1"));
	}

	@Test
	void killedReplicaShouldOpenItsBreakerAndBeRoutedAroundUntilRestarted() {
		demo("replica-2", "kill");
		await().atMost(STATE_CHANGE)
			.untilAsserted(() -> assertThat(replicaState("replica-2")).isEqualTo("CIRCUIT_OPEN"));
		Map<String, Object> health = health();
		assertThat(health.get("status")).isEqualTo("UP");
		assertThat(at(health, "components", "replicaRouting", "details", "replicas", "replica-2", "circuitBreaker"))
			.isEqualTo("OPEN");
		assertThat(readTargets(6)).containsOnly("replica-1");
		assertThat(this.user.metric("replica.routing.replica.available", "replica:replica-2")).isZero();

		demo("replica-2", "restart");
		await().atMost(STATE_CHANGE).untilAsserted(() -> assertThat(replicaState("replica-2")).isEqualTo("UP"));
		await().atMost(STATE_CHANGE).untilAsserted(() -> assertThat(readTargets(4)).contains("replica-2"));
		assertThat(this.user.metric("replica.routing.replica.available", "replica:replica-2")).isEqualTo(1);
	}

	@Test
	void prometheusScrapeShouldShowTheReplicasCircuitBreakers() {
		HttpResponse<String> scrape = this.user.get("/actuator/prometheus");

		assertThat(scrape.statusCode()).isEqualTo(200);
		for (String replica : List.of("replica-1", "replica-2")) {
			assertThat(scrape.body()).as("the scrape's breaker state of " + replica)
				.containsPattern("(?m)^resilience4j_circuitbreaker_state\\{[^}]*name=\"replica-routing\\." + replica
						+ "\"[^}]*state=\"closed\"[^}]*} 1(\\.0)?$");
			assertThat(scrape.body()).containsPattern(
					"(?m)^resilience4j_circuitbreaker_failure_rate\\{[^}]*name=\"replica-routing\\." + replica + "\"");
		}
	}

	@Test
	void demoControlsShouldExistInTheEmbeddedMode() {
		Map<String, Object> demo = this.user.json("/demo");
		assertThat(at(demo, "replicas", "replica-1", "running")).isEqualTo(true);
		assertThat(at(demo, "replicas", "replica-2", "replayPaused")).isEqualTo(false);
	}

	private List<String> readTargets(int reads) {
		List<String> targets = new ArrayList<>();
		for (int i = 0; i < reads; i++) {
			HttpResponse<String> response = this.user.get("/api/reports/countries?days=7");
			assertThat(response.statusCode()).isEqualTo(200);
			targets.add(routedTo(response));
		}
		return targets;
	}

	private double routes(String target) {
		return this.user.metric("replica.routing.routes", "target:" + target, "reason:read-only");
	}

	private Map<String, Object> health() {
		return SampleHttp.parse(this.user.get("/actuator/health"));
	}

	private String replicaState(String replica) {
		return (String) at(health(), "components", "replicaRouting", "details", "replicas", replica, "state");
	}

	private void pause(String replica) {
		demo(replica, "pause");
	}

	private void resume(String replica) {
		demo(replica, "resume");
	}

	private void demo(String replica, String action) {
		HttpResponse<String> response = this.user.post("/demo/replicas/" + replica + "/" + action, "");
		assertThat(response.statusCode()).as(action + " " + replica + ": " + response.body()).isEqualTo(200);
	}

}
