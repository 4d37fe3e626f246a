package io.github.replicarouting.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.apache.shardingsphere.driver.api.yaml.YamlShardingSphereDataSourceFactory;

/**
 * Apache ShardingSphere-JDBC with a read-write splitting rule, configured in YAML as its
 * documentation shows: a write data source and one read data source (HikariCP, same settings as
 * every other pool), a round-robin load balancer, standalone mode. ShardingSphere routes each
 * statement by parsing it; a read inside a transaction follows
 * {@code transactionalReadQueryStrategy}. {@code PRIMARY} (the documentation's sample) would send
 * the reads of read-only transactions to the primary too, so the strategy is {@code FIXED}: a
 * transaction's reads stay on one replica, which is the closest to a read-only transaction on a
 * replica.
 */
final class ShardingSpherePeer {

	private ShardingSpherePeer() {
	}

	static TransactionalWork open(Endpoints endpoints) {
		String yaml = """
				databaseName: bench
				mode:
				  type: Standalone
				  repository:
				    type: JDBC
				dataSources:
				  write_ds:
				    dataSourceClassName: com.zaxxer.hikari.HikariDataSource
				    jdbcUrl: %s
				    username: %s
				    password: %s
				    maximumPoolSize: %d
				  read_ds_0:
				    dataSourceClassName: com.zaxxer.hikari.HikariDataSource
				    jdbcUrl: %s
				    username: %s
				    password: %s
				    maximumPoolSize: %d
				    readOnly: true
				    connectionTimeout: 5000
				rules:
				- !READWRITE_SPLITTING
				  dataSourceGroups:
				    readwrite_ds:
				      writeDataSourceName: write_ds
				      readDataSourceNames:
				        - read_ds_0
				      transactionalReadQueryStrategy: FIXED
				      loadBalancerName: round_robin
				  loadBalancers:
				    round_robin:
				      type: ROUND_ROBIN
				- !SINGLE
				  tables:
				    - "*.*.*"
				props:
				  sql-show: false
				""".formatted(endpoints.primaryUrl(), endpoints.username(), endpoints.password(), Pools.SIZE,
				endpoints.replicaUrl(), endpoints.username(), endpoints.password(), Pools.SIZE);
		try {
			DataSource dataSource = YamlShardingSphereDataSourceFactory
				.createDataSource(yaml.getBytes(StandardCharsets.UTF_8));
			return new TransactionalWork(endpoints.database(), dataSource, dataSource, TransactionalWork.ReadScope.NONE,
					(AutoCloseable) dataSource);
		}
		catch (SQLException | IOException ex) {
			throw new IllegalStateException("Could not create the ShardingSphere data source", ex);
		}
	}

}
