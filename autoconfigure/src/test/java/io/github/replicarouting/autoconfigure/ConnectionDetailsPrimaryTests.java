package io.github.replicarouting.autoconfigure;

import java.sql.SQLException;

import com.zaxxer.hikari.HikariDataSource;
import io.github.replicarouting.H2Targets;
import io.github.replicarouting.ReplicaRoutingDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link JdbcConnectionDetails} bean, as {@code @ServiceConnection} and Docker Compose support
 * register it, is the primary unless {@code replica-routing.primary.url} is set, and wins over
 * {@code spring.datasource.url} as it does for Spring Boot's own data source. Replicas log in with
 * its user name and password unless they have their own.
 */
class ConnectionDetailsPrimaryTests {

	private static final String PASSWORD = "Det4ils-Secret";

	private final H2Targets databases = H2Targets.create("primary", "replica-1", "other").withUser("app", PASSWORD);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReplicaRoutingAutoConfiguration.class,
				DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
				JdbcTemplateAutoConfiguration.class, TransactionAutoConfiguration.class))
		.withBean(JdbcConnectionDetails.class, () -> details(this.databases.url("primary"), "app", PASSWORD))
		.withPropertyValues("replica-routing.replicas.replica-1.url=" + this.databases.url("replica-1"));

	@Test
	void whenConnectionDetailsArePresentAndNoPrimaryUrlIsSetTheyShouldBeThePrimary() {
		this.contextRunner.withPropertyValues("spring.datasource.hikari.maximum-pool-size=4").run((context) -> {
			assertThat(context).hasNotFailed();
			HikariDataSource primary = pool(context, "primary");
			assertThat(primary.getJdbcUrl()).isEqualTo(this.databases.url("primary"));
			assertThat(primary.getUsername()).isEqualTo("app");
			assertThat(primary.getPassword()).isEqualTo(PASSWORD);
			assertThat(primary.getMaximumPoolSize()).isEqualTo(4);
			assertThat(readWrite(context)).isEqualTo("primary");
		});
	}

	@Test
	void replicasShouldLogInWithTheConnectionDetailsCredentials() {
		this.contextRunner.run((context) -> {
			HikariDataSource replica = pool(context, "replica-1");
			assertThat(replica.getUsername()).isEqualTo("app");
			assertThat(replica.getPassword()).isEqualTo(PASSWORD);
			// H2 knows app only with this password: the read ran on the replica, not on the fallback.
			assertThat(readOnly(context)).isEqualTo("replica-1");
		});
	}

	@Test
	void connectionDetailsShouldWinOverSpringDatasourceUrlAsForSpringBootsOwnDataSource() {
		this.contextRunner
			.withPropertyValues("spring.datasource.url=" + this.databases.url("other"),
					"spring.datasource.username=sa")
			.run((context) -> {
				assertThat(pool(context, "primary").getJdbcUrl()).isEqualTo(this.databases.url("primary"));
				assertThat(readWrite(context)).isEqualTo("primary");
			});
	}

	@Test
	void replicaRoutingPrimaryUrlShouldWinOverConnectionDetails() {
		this.contextRunner
			.withPropertyValues("replica-routing.primary.url=" + this.databases.url("other"),
					"replica-routing.primary.username=sa")
			.run((context) -> {
				assertThat(pool(context, "primary").getJdbcUrl()).isEqualTo(this.databases.url("other"));
				assertThat(readWrite(context)).isEqualTo("other");
				assertThat(pool(context, "replica-1").getUsername()).isEqualTo("sa");
			});
	}

	@Test
	void replicaWithTheConnectionDetailsUrlShouldFailStartupNamingTheReplicasKey() {
		this.contextRunner.withPropertyValues("replica-routing.replicas.replica-1.url=" + this.databases.url("primary"))
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new InvalidReplicaRoutingConfigurationFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("replica-routing.replicas.replica-1.url",
						"the primary's URL");
			});
	}

	private static HikariDataSource pool(AssertableApplicationContext context, String target) throws SQLException {
		ReplicaRoutingDataSource routing = context.getBean(ReplicaRoutingDataSource.class);
		if (target.equals("primary")) {
			return routing.getPrimary().unwrap(HikariDataSource.class);
		}
		return routing.getReplicas()
			.stream()
			.filter((replica) -> replica.name().equals(target))
			.findFirst()
			.orElseThrow()
			.unwrap(HikariDataSource.class);
	}

	private static String readWrite(AssertableApplicationContext context) {
		return whoami(context, false);
	}

	private static String readOnly(AssertableApplicationContext context) {
		return whoami(context, true);
	}

	private static String whoami(AssertableApplicationContext context, boolean readOnly) {
		TransactionTemplate transaction = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
		transaction.setReadOnly(readOnly);
		JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
		return transaction.execute((status) -> jdbc.queryForObject("select name from whoami", String.class));
	}

	static JdbcConnectionDetails details(String url, String username, String password) {
		return new JdbcConnectionDetails() {

			@Override
			public String getJdbcUrl() {
				return url;
			}

			@Override
			public String getUsername() {
				return username;
			}

			@Override
			public String getPassword() {
				return password;
			}

		};
	}

}
