package io.github.replicarouting.test.migration;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

import io.github.replicarouting.test.app.LastRouting;
import io.github.replicarouting.test.app.ServerPorts.Served;

/**
 * An application whose schema migration at startup adds a column that its read-only queries use:
 * Flyway migrates the routing data source while the application starts, as Spring Boot's Flyway
 * support would.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(excludeName = { "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
		"org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration" })
@Import({ MigratingApplication.Prices.class, LastRouting.class })
public class MigratingApplication {

	@Bean(initMethod = "migrate")
	Flyway flyway(DataSource dataSource) {
		return Flyway.configure()
			.dataSource(dataSource)
			.locations("classpath:db/barrier")
			.baselineOnMigrate(true)
			.baselineVersion("1")
			.load();
	}

	/**
	 * Reads that need the migrated column.
	 */
	static class Prices {

		private final JdbcTemplate jdbc;

		private final LastRouting lastRouting;

		Prices(JdbcTemplate jdbc, LastRouting lastRouting) {
			this.jdbc = jdbc;
			this.lastRouting = lastRouting;
		}

		@Transactional(readOnly = true)
		public Served price() {
			this.lastRouting.take();
			Integer port = this.jdbc.queryForObject("select inet_server_port() from item where price = 7 limit 1",
					Integer.class);
			return new Served(port, this.lastRouting.take());
		}

	}

}
