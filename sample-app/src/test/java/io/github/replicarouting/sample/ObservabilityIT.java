package io.github.replicarouting.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.annotation.Transactional;

import io.github.replicarouting.sample.report.EventRepository;
import io.github.replicarouting.sample.report.ReportService;

import static io.github.replicarouting.sample.SampleHttp.routedTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an operator sees of the sample app on its embedded replicated PostgreSQL: a request's
 * trace shows where its transaction ran and why (Micrometer Tracing over OpenTelemetry, spans kept
 * in memory); a read-write transaction that only reads is named as a read-only candidate in the
 * endpoint and in Prometheus; and every metric and label the shipped Grafana dashboard and
 * Prometheus alert rules use is in the scrape.
 */
@EmbeddedSampleAppTest
@Import(ObservabilityIT.Observability.class)
@TestPropertySource(properties = "management.tracing.sampling.probability=1.0")
class ObservabilityIT {

	private static final Duration EXPORTED = Duration.ofSeconds(30);

	@LocalServerPort
	int port;

	@Autowired
	InMemorySpanExporter spans;

	@Autowired
	LegacyReports legacyReports;

	@Test
	void requestTraceShouldShowTheRoutingSpanWithItsTarget() throws Exception {
		// The caller's trace (W3C traceparent), so that this request's spans are told from others'.
		String traceId = UUID.randomUUID().toString().replace("-", "");
		HttpResponse<String> report = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/reports/countries?days=30"))
				.header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(report.statusCode()).isEqualTo(200);
		String target = routedTo(report);
		assertThat(target).startsWith("replica-");

		SpanData server = await().atMost(EXPORTED).until(() -> serverSpan(traceId), Objects::nonNull);
		List<SpanData> routes = spansOfTrace(traceId, "target");
		assertThat(routes).singleElement().satisfies((route) -> {
			assertThat(route.getName()).isEqualTo("replica-routing " + target);
			assertThat(route.getParentSpanId()).isEqualTo(server.getSpanId());
			assertThat(route.getAttributes().get(AttributeKey.stringKey("target"))).isEqualTo(target);
			assertThat(route.getAttributes().get(AttributeKey.stringKey("reason"))).isEqualTo("read-only");
			assertThat(route.getAttributes().get(AttributeKey.stringKey("transaction")))
				.isEqualTo(ReportService.class.getName() + ".countries");
		});
	}

	@Test
	void readWriteTransactionThatOnlyReadsShouldBeNamedAsReadOnlyCandidate() {
		SampleHttp operator = new SampleHttp(this.port);
		String name = LegacyReports.class.getName() + ".countEvents";
		long before = candidates(operator, name);
		for (int i = 0; i < 3; i++) {
			assertThat(this.legacyReports.countEvents()).isPositive();
		}
		HttpResponse<String> saved = operator.post("/api/events",
				"{\"type\":\"click\",\"country\":\"DE\",\"userId\":7,\"revenueCents\":0}");
		assertThat(saved.statusCode()).isEqualTo(201);

		assertThat(candidates(operator, name)).isEqualTo(before + 3);
		assertThat(candidates(operator, ReportService.class.getName() + ".record")).as("a transaction that wrote").isZero();
		assertThat(operator.get("/actuator/prometheus").body())
			.contains("replica_routing_readonly_candidates_total{transaction=\"" + name + "\"} " + (before + 3) + ".0");
	}

	/** How many times the endpoint says the transaction ran without writing; 0 when it is no candidate. */
	@SuppressWarnings("unchecked")
	private static long candidates(SampleHttp operator, String name) {
		Map<String, Object> candidates = (Map<String, Object>) operator.json("/actuator/replicarouting")
			.get("readOnlyCandidates");
		Object count = candidates.get(name);
		return (count != null) ? ((Number) count).longValue() : 0;
	}

	@Test
	void dashboardAndAlertRulesShouldUseOnlyMetricsAndLabelsThatExist() {
		// Every series the queries use, published: a candidate counted, a read routed.
		this.legacyReports.countEvents();
		new SampleHttp(this.port).get("/api/reports/countries?days=1");
		String scrape = new SampleHttp(this.port).get("/actuator/prometheus").body();
		Map<String, Set<String>> metrics = MonitoringQueries.parseScrape(scrape);
		Path root = repositoryRoot();

		List<MonitoringQueries.Query> queries = MonitoringQueries.all(root);
		List<String> problems = new ArrayList<>();
		queries.forEach((query) -> problems.addAll(MonitoringQueries.missing(query, metrics)));

		assertThat(queries).hasSizeGreaterThan(15);
		assertThat(problems).isEmpty();
		assertThat(queries).anySatisfy((query) -> assertThat(query.expr()).contains("replica_routing_readonly_candidates_total"));
	}

	@Test
	void livePageShouldLinkTheDashboardAndAlertRulesItServes() throws Exception {
		SampleHttp visitor = new SampleHttp(this.port);
		String page = visitor.get("/").body();
		Path root = repositoryRoot();
		for (Path file : List.of(MonitoringQueries.DASHBOARD, MonitoringQueries.ALERT_RULES)) {
			String link = file.toString().replace('\\', '/');
			assertThat(page).contains("href=\"" + link + "\"");
			HttpResponse<String> served = visitor.get("/" + link);
			assertThat(served.statusCode()).isEqualTo(200);
			assertThat(served.body()).isEqualTo(Files.readString(root.resolve(file)));
		}
	}

	private @Nullable SpanData serverSpan(String traceId) {
		return this.spans.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getKind() == SpanKind.SERVER && span.getTraceId().equals(traceId))
			.findFirst()
			.orElse(null);
	}

	private List<SpanData> spansOfTrace(String traceId, String attribute) {
		return this.spans.getFinishedSpanItems()
			.stream()
			.filter((span) -> span.getTraceId().equals(traceId))
			.filter((span) -> span.getAttributes().get(AttributeKey.stringKey(attribute)) != null)
			.toList();
	}

	private static Path repositoryRoot() {
		Path directory = Path.of("").toAbsolutePath();
		while (directory != null && !Files.isDirectory(directory.resolve("monitoring"))) {
			directory = directory.getParent();
		}
		assertThat(directory).as("a monitoring/ directory above the working directory").isNotNull();
		return directory;
	}

	/** Spans kept in memory, and a service written before anyone thought of read-only. */
	@TestConfiguration(proxyBeanMethods = false)
	static class Observability {

		@Bean
		InMemorySpanExporter inMemorySpanExporter() {
			return InMemorySpanExporter.create();
		}

		@Bean
		LegacyReports legacyReports(EventRepository events) {
			return new LegacyReports(events);
		}

	}

	/** A read-write transaction that only reads: what the read-only advisor is for. */
	static class LegacyReports {

		private final EventRepository events;

		LegacyReports(EventRepository events) {
			this.events = events;
		}

		@Transactional
		public long countEvents() {
			return this.events.count();
		}

	}

}
