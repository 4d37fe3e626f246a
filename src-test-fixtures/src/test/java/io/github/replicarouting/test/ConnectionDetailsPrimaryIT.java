package io.github.replicarouting.test;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import io.github.replicarouting.ReplicaRoutingDataSource;
import io.github.replicarouting.RoutingTarget;
import io.github.replicarouting.health.ReplicaMonitor;
import io.github.replicarouting.health.ReplicaState;
import io.github.replicarouting.test.app.HealthTestApplication;
import io.github.replicarouting.test.app.ServerPorts.Served;
import io.github.replicarouting.test.app.ServerPorts;
import io.github.replicarouting.test.postgresql.ReplicatedPostgres;
import io.github.replicarouting.test.postgresql.ReplicatedPostgresTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The primary given only as a {@link JdbcConnectionDetails} bean, as {@code @ServiceConnection} or
 * Docker Compose support register it: no {@code replica-routing.primary.*}, no
 * {@code spring.datasource.*}. Writes run on that server, reads on the replicas, which log in with
 * the details' user name (the build's own OS user, pgJDBC's default, is no role of the servers).
 */
@SpringBootTest(classes = { HealthTestApplication.class, ConnectionDetailsPrimaryIT.PrimaryDetails.class },
		properties = "replica-routing.health.probe-interval=300ms")
@ReplicatedPostgresTest(replicas = 2, registerProperties = false)
@DirtiesContext
class ConnectionDetailsPrimaryIT {

	@Autowired
	ServerPorts serverPorts;

	@Autowired
	ReplicaMonitor monitor;

	@Autowired
	ReplicaRoutingDataSource dataSource;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	TransactionTemplate transaction;

	@DynamicPropertySource
	static void replicasOnly(DynamicPropertyRegistry registry) {
		ReplicatedPostgres cluster = ReplicatedPostgres.forTestClass(ConnectionDetailsPrimaryIT.class);
		cluster.replicas()
			.forEach((replica) -> registry.add("replica-routing.replicas." + replica.name() + ".url",
					replica::jdbcUrl));
	}

	@Test
	void writesRunOnTheConnectionDetailsPrimaryAndReadsOnReplicasWithItsCredentials(ReplicatedPostgres cluster)
			throws SQLException {
		await("both replicas UP").atMost(Duration.ofSeconds(20))
			.until(() -> this.monitor.replicas().stream().allMatch((replica) -> replica.state() == ReplicaState.UP));

		Integer writtenOn = this.transaction.execute((status) -> {
			this.jdbc.execute("create table if not exists written (id int)");
			return this.jdbc.queryForObject("select inet_server_port()", Integer.class);
		});
		List<Integer> readOn = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			Served served = this.serverPorts.readOnly();
			readOn.add(served.port());
		}

		assertThat(writtenOn).isEqualTo(cluster.primary().port());
		assertThat(readOn).containsOnly(cluster.replica("replica-1").port(), cluster.replica("replica-2").port())
			.contains(cluster.replica("replica-1").port(), cluster.replica("replica-2").port());
		for (RoutingTarget replica : this.dataSource.getReplicas()) {
			assertThat(replica.unwrap(HikariDataSource.class).getUsername()).as(replica.name())
				.isEqualTo(cluster.primary().username());
		}
		assertThat(this.dataSource.getPrimary().unwrap(HikariDataSource.class).getJdbcUrl())
			.isEqualTo(cluster.primary().jdbcUrl());
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class PrimaryDetails {

		@Bean
		JdbcConnectionDetails primaryConnectionDetails() {
			ClusterNode primary = ReplicatedPostgres.forTestClass(ConnectionDetailsPrimaryIT.class).primary();
			return new JdbcConnectionDetails() {

				@Override
				public String getJdbcUrl() {
					return primary.jdbcUrl();
				}

				@Override
				public String getUsername() {
					return primary.username();
				}

				@Override
				public String getPassword() {
					return primary.password();
				}

			};
		}

	}

}
