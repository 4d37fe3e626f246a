package io.github.replicarouting.autoconfigure;

import io.github.replicarouting.H2Targets;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Work that must only ever touch the primary: schema migrations, and Spring Boot's own
 * {@code db} health check, which must not go DOWN for a replica.
 */
class PrimaryOnlyWorkTests {

	private final H2Targets databases = H2Targets.create("primary", "replica-1", "replica-2");

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReplicaRoutingAutoConfiguration.class,
				DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class));

	@Test
	void flywayMigrationShouldRunOnPrimaryOnlyEvenWhenNonTransactionalReadsGoToReplicas() {
		this.contextRunner.withPropertyValues(this.databases.propertyPairs())
			.withPropertyValues("replica-routing.non-transactional-reads=replica",
					"spring.flyway.locations=classpath:db/routing-migration", "spring.flyway.baseline-on-migrate=true",
					"spring.flyway.baseline-version=0")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(tableCount("primary", "AUDIT")).isOne();
				assertThat(tableCount("replica-1", "AUDIT")).isZero();
				assertThat(tableCount("replica-2", "AUDIT")).isZero();
				assertThat(tableCount("replica-1", "flyway_schema_history")).isZero();
				assertThat(tableCount("replica-2", "flyway_schema_history")).isZero();
			});
	}

	@Test
	void whenReplicaIsDownBootDbHealthShouldStayUp() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ReplicaRoutingAutoConfiguration.class,
					DataSourceAutoConfiguration.class, HealthContributorAutoConfiguration.class,
					DataSourceHealthContributorAutoConfiguration.class))
			.withPropertyValues(this.databases.propertyPairs())
			.withPropertyValues("replica-routing.replicas.replica-2.url=jdbc:h2:mem:missing;IFEXISTS=TRUE",
					"replica-routing.replicas.replica-2.hikari.connection-timeout=250")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				HealthIndicator db = context.getBean("dbHealthContributor", HealthIndicator.class);
				assertThat(db.health().getStatus()).isEqualTo(Status.UP);
			});
	}

	@Test
	void whenPrimaryIsDownBootDbHealthShouldBeDown() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ReplicaRoutingAutoConfiguration.class,
					DataSourceAutoConfiguration.class, HealthContributorAutoConfiguration.class,
					DataSourceHealthContributorAutoConfiguration.class))
			.withPropertyValues(this.databases.propertyPairs())
			.withPropertyValues("replica-routing.primary.url=jdbc:h2:mem:missing-primary;IFEXISTS=TRUE",
					"replica-routing.primary.hikari.connection-timeout=250")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				HealthIndicator db = context.getBean("dbHealthContributor", HealthIndicator.class);
				assertThat(db.health().getStatus()).isEqualTo(Status.DOWN);
			});
	}

	private long tableCount(String database, String table) {
		return this.databases.count(database,
				"select count(*) from information_schema.tables where upper(table_name) = upper('" + table + "')");
	}

}
