package io.github.replicarouting.autoconfigure;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import io.github.replicarouting.H2Targets;
import io.github.replicarouting.RoutingTarget;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Probe connections are opened outside the pool, as the pool's user, through the pool's driver;
 * every driver known to have them gets connect and socket timeouts, in its own unit, so that a
 * server that accepts connections and never answers fails the probe.
 */
class HikariProbeConnectionsTests {

	private final HikariProbeConnections connections = new HikariProbeConnections(Duration.ofMillis(1500));

	@Test
	void probeConnectionShouldBeOpenedOutsideAnExhaustedPoolAsThePoolsUser() throws Exception {
		H2Targets databases = H2Targets.create("replica-1").withUser("prober", "Pr0be-Secret");
		for (String driverClassName : new String[] { null, "org.h2.Driver" }) {
			try (HikariDataSource pool = new HikariDataSource()) {
				pool.setJdbcUrl(databases.url("replica-1"));
				pool.setUsername("prober");
				pool.setPassword("Pr0be-Secret");
				pool.setDriverClassName(driverClassName);
				pool.setMaximumPoolSize(1);
				pool.setConnectionTimeout(250);
				RoutingTarget target = new RoutingTarget("replica-1", pool, databases.url("replica-1"), 1);
				try (Connection held = pool.getConnection(); Connection probe = this.connections.open(target)) {
					assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isOne();
					assertThat(currentUser(probe)).as("driver class " + driverClassName).isEqualToIgnoringCase("prober");
				}
			}
		}
	}

	@Test
	void postgresqlTimeoutsAreInSecondsRoundedUp() {
		assertThat(this.connections.timeouts("jdbc:postgresql://db:5432/app")).containsEntry("connectTimeout", "2")
			.containsEntry("loginTimeout", "2")
			.containsEntry("socketTimeout", "2");
	}

	@Test
	void mariaDbAndMySqlTimeoutsAreInMilliseconds() {
		for (String url : new String[] { "jdbc:mariadb://db:3306/app", "jdbc:mysql://db:3306/app" }) {
			assertThat(this.connections.timeouts(url)).as(url)
				.containsEntry("connectTimeout", "1500")
				.containsEntry("socketTimeout", "1500");
		}
	}

	@Test
	void otherDriversAreLeftAlone() {
		assertThat(this.connections.timeouts("jdbc:h2:mem:app")).isEmpty();
	}

	private static String currentUser(Connection connection) throws Exception {
		try (Statement statement = connection.createStatement();
				ResultSet resultSet = statement.executeQuery("select current_user")) {
			resultSet.next();
			return resultSet.getString(1);
		}
	}

}
