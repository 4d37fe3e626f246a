package io.github.replicarouting.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The HikariCP pools every contender gets, with the same settings everywhere: those the
 * starter's auto-configuration gives its pools (a replica's pool hands out read-only
 * connections and gives up on a connection after 5 s), and HikariCP's defaults otherwise.
 */
final class Pools {

	/**
	 * Per pool: 10 (HikariCP's default) unless the system property
	 * {@value #SIZE_PROPERTY} says otherwise. Enough for the 8-thread runs; the 32-thread runs
	 * queue on it, as an application with more threads than connections does.
	 */
	static final int SIZE = Integer.getInteger(Pools.SIZE_PROPERTY, 10);

	static final String SIZE_PROPERTY = "benchmarks.pool-size";

	private Pools() {
	}

	static HikariDataSource primary(String name, Endpoints endpoints) {
		return create(name, endpoints.primaryUrl(), endpoints, false);
	}

	static HikariDataSource replica(String name, Endpoints endpoints) {
		return create(name, endpoints.replicaUrl(), endpoints, true);
	}

	static HikariConfig config(String name, String url, Endpoints endpoints, boolean replica) {
		HikariConfig config = new HikariConfig();
		config.setPoolName(name);
		config.setJdbcUrl(url);
		config.setUsername(endpoints.username());
		config.setPassword(endpoints.password());
		config.setMaximumPoolSize(SIZE);
		if (replica) {
			config.setReadOnly(true);
			config.setConnectionTimeout(5000);
		}
		return config;
	}

	private static HikariDataSource create(String name, String url, Endpoints endpoints, boolean replica) {
		return new HikariDataSource(config(name, url, endpoints, replica));
	}

}
