package io.github.replicarouting.autoconfigure;

import java.util.stream.Stream;

import io.github.replicarouting.H2Targets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every configuration error of SPEC.md fails startup with a description and an action that name
 * the key, and never show a secret from a URL.
 */
class ReplicaRoutingConfigurationErrorTests {

	private static final H2Targets databases = H2Targets.create("primary", "replica-1");

	private static final String PRIMARY = databases.url("primary");

	private static final String REPLICA = databases.url("replica-1");

	private static final String SECRET = "S3cr3t-in-URL";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReplicaRoutingAutoConfiguration.class,
				DataSourceAutoConfiguration.class));

	static Stream<Arguments> errors() {
		return Stream.of(
				error("no primary URL", "replica-routing.primary.url", "spring.datasource.url",
						"replica-routing.replicas.replica-1.url=" + REPLICA),
				error("empty replica name", "replica-routing.replicas", "Give every replica a name",
						"replica-routing.primary.url=" + PRIMARY, "replica-routing.replicas[].url=" + REPLICA),
				error("duplicate replica name", "replica-routing.replicas.", "used twice",
						"replica-routing.primary.url=" + PRIMARY, "replica-routing.replicas[replica-1].url=" + REPLICA,
						"replica-routing.replicas[Replica-1].url=jdbc:h2:mem:other"),
				error("replica name unfit for metrics and paths", "replica-routing.replicas.replica 1", "letters, digits",
						"replica-routing.primary.url=" + PRIMARY, "replica-routing.replicas[replica 1].url=" + REPLICA),
				error("replica without URL", "replica-routing.replicas.replica-1.url", "has no URL",
						"replica-routing.primary.url=" + PRIMARY, "replica-routing.replicas.replica-1.weight=2"),
				error("replica URL equal to primary", "replica-routing.replicas.replica-1.url", "primary's URL",
						"replica-routing.primary.url=" + PRIMARY, "replica-routing.replicas.replica-1.url=" + PRIMARY),
				error("zero weight", "replica-routing.replicas.replica-1.weight", "greater than 0",
						"replica-routing.primary.url=" + PRIMARY, "replica-routing.replicas.replica-1.url=" + REPLICA,
						"replica-routing.replicas.replica-1.weight=0"),
				error("negative weight", "replica-routing.replicas.replica-1.weight", "greater than 0",
						"replica-routing.primary.url=" + PRIMARY, "replica-routing.replicas.replica-1.url=" + REPLICA,
						"replica-routing.replicas.replica-1.weight=-2"),
				duration("max-replication-lag", "0s"), duration("max-replication-lag", "-1s"),
				duration("read-your-writes.window", "0ms"), duration("read-your-writes.max-wait", "-5ms"),
				duration("health.probe-interval", "0s"), duration("health.probe-timeout", "-1s"),
				duration("health.circuit-breaker.wait-duration-in-open-state", "0s"),
				duration("protection.fallback-max-wait", "-1s"), duration("health.slow-start", "-1s"),
				error("negative fallback budget", "replica-routing.protection.fallback-max-concurrent",
						"0 for half the primary's pool", "replica-routing.primary.url=" + PRIMARY,
						"replica-routing.replicas.replica-1.url=" + REPLICA,
						"replica-routing.protection.fallback-max-concurrent=-1"),
				error("unknown load balancing", "replica-routing.load-balancing",
						"round-robin, random, weighted, least-in-flight", "replica-routing.primary.url=" + PRIMARY,
						"replica-routing.replicas.replica-1.url=" + REPLICA, "replica-routing.load-balancing=fastest"),
				error("unknown read-your-writes mode", "replica-routing.read-your-writes.mode", "window, causal",
						"replica-routing.primary.url=" + PRIMARY, "replica-routing.replicas.replica-1.url=" + REPLICA,
						"replica-routing.read-your-writes.mode=eventual"),
				error("token secret too short", "replica-routing.read-your-writes.token-secret", "at least 32",
						"replica-routing.primary.url=" + PRIMARY, "replica-routing.replicas.replica-1.url=" + REPLICA,
						"replica-routing.read-your-writes.token-secret=not-long-enough"),
				error("empty token secret", "replica-routing.read-your-writes.token-secret", "at least 32",
						"replica-routing.primary.url=" + PRIMARY, "replica-routing.replicas.replica-1.url=" + REPLICA,
						"replica-routing.read-your-writes.token-secret="),
				error("unknown repository reads", "replica-routing.repository-reads", "read-your-writes, replica, primary",
						"replica-routing.primary.url=" + PRIMARY, "replica-routing.replicas.replica-1.url=" + REPLICA,
						"replica-routing.repository-reads=sometimes"),
				error("malformed replica URL", "replica-routing.replicas.replica-1.url", "no JDBC driver accepts",
						"replica-routing.primary.url=" + PRIMARY, "replica-routing.replicas.replica-1.url=h2:mem:x"),
				error("URL of a database without its driver", "replica-routing.replicas.replica-1.url",
						"JDBC driver is a dependency", "replica-routing.primary.url=" + PRIMARY,
						"replica-routing.replicas.replica-1.url=jdbc:oracle:thin:@//db:1521/app"),
				error("unknown driver class", "replica-routing.replicas.replica-1.driver-class-name",
						"cannot be loaded", "replica-routing.primary.url=" + PRIMARY,
						"replica-routing.replicas.replica-1.url=" + REPLICA,
						"replica-routing.replicas.replica-1.driver-class-name=com.example.NoSuchDriver"),
				error("secrets in a URL no driver accepts", "replica-routing.replicas.replica-1.url",
						"no JDBC driver accepts the URL 'jdbc:oracle:'", "replica-routing.primary.url=" + PRIMARY,
						"replica-routing.replicas.replica-1.url=jdbc:oracle:thin:@//db:1521/app?sslpassword=" + SECRET
								+ "&password1=" + SECRET),
				error("secrets in the parameters of a URL no driver accepts", "replica-routing.replicas.replica-1.url",
						"no JDBC driver accepts the URL 'jdbc:sybase://db:5000/app'", "replica-routing.primary.url=" + PRIMARY,
						"replica-routing.replicas.replica-1.url=jdbc:sybase://db:5000/app?password=" + SECRET
								+ "&sslpassword=" + SECRET + "&password1=" + SECRET),
				error("password in a replica URL's user info", "replica-routing.replicas.replica-1.url",
						"set replica-routing.replicas.replica-1.username and replica-routing.replicas.replica-1.password",
						"replica-routing.primary.url=" + PRIMARY,
						"replica-routing.replicas.replica-1.url=jdbc:mariadb://app:" + SECRET + "@db:3306/app"),
				error("password in the user info of spring.datasource.url", "spring.datasource.url",
						"set spring.datasource.username and spring.datasource.password",
						"spring.datasource.url=jdbc:mysql://app:" + SECRET + "@db:3306/app",
						"replica-routing.replicas.replica-1.url=" + REPLICA),
				error("malformed primary URL", "replica-routing.primary.url", "no JDBC driver accepts",
						"replica-routing.primary.url=postgres://db/app", "replica-routing.replicas.replica-1.url=" + REPLICA),
				error("no failover confirmation", "replica-routing.failover.confirmations", "at least 1",
						"replica-routing.primary.url=" + PRIMARY, "replica-routing.replicas.replica-1.url=" + REPLICA,
						"replica-routing.failover.confirmations=0"),
				error("unknown failover mode", "replica-routing.failover.mode", "none, follow",
						"replica-routing.primary.url=" + PRIMARY, "replica-routing.replicas.replica-1.url=" + REPLICA,
						"replica-routing.failover.mode=elect"),
				error("read-only replica pool in follow mode", "replica-routing.replicas.replica-1.hikari.read-only",
						"may take writes once promoted", "replica-routing.primary.url=" + PRIMARY,
						"replica-routing.replicas.replica-1.url=" + REPLICA, "replica-routing.failover.mode=follow",
						"replica-routing.replicas.replica-1.hikari.read-only=true"),
				error("bad HikariCP setting", "replica-routing.replicas.replica-1.hikari.maximum-pool-size",
						"HikariCP", "replica-routing.primary.url=" + PRIMARY,
						"replica-routing.replicas.replica-1.url=" + REPLICA,
						"replica-routing.replicas.replica-1.hikari.maximum-pool-size=lots"));
	}

	private static Arguments error(String name, String key, String hint, String... properties) {
		return Arguments.of(name, key, hint, properties);
	}

	private static Arguments duration(String key, String value) {
		return error(key + "=" + value, "replica-routing." + key, "replica-routing." + key,
				"replica-routing.primary.url=" + PRIMARY, "replica-routing.replicas.replica-1.url=" + REPLICA,
				"replica-routing." + key + "=" + value);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("errors")
	void shouldFailStartupNamingTheKey(String name, String key, String hint, String[] properties) {
		this.contextRunner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = analyze(context.getStartupFailure());
			assertThat(analysis).as("failure analysis of %s", context.getStartupFailure()).isNotNull();
			assertThat(analysis.getDescription()).contains(key);
			assertThat(analysis.getDescription() + " " + analysis.getAction()).contains(hint);
			assertThat(analysis.getAction()).isNotBlank();
			assertThat(analysis.getDescription() + " " + analysis.getAction()).doesNotContain(SECRET);
		});
	}

	private static FailureAnalysis analyze(Throwable failure) {
		for (FailureAnalyzer analyzer : new FailureAnalyzer[] { new ReplicaRoutingBindFailureAnalyzer(),
				new InvalidReplicaRoutingConfigurationFailureAnalyzer() }) {
			FailureAnalysis analysis = analyzer.analyze(failure);
			if (analysis != null) {
				return analysis;
			}
		}
		return null;
	}

}
