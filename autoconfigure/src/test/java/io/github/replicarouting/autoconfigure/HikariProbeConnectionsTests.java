package io.github.replicarouting.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every driver known to have them gets connect and socket timeouts on probe connections, in its
 * own unit, so that a server that accepts connections and never answers fails the probe.
 */
class HikariProbeConnectionsTests {

	private final HikariProbeConnections connections = new HikariProbeConnections(Duration.ofMillis(1500));

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

}
