package io.github.replicarouting.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The AWS Advanced JDBC Wrapper with its simple read/write splitting plugin ({@code srw}), as its
 * documentation describes for endpoints that are not an RDS cluster: {@code srwWriteEndpoint}
 * and {@code srwReadEndpoint} name the two servers, {@code verifyNewSrwConnections=false}
 * (role verification only works on Aurora/RDS). Spring's transaction manager calls
 * {@code setReadOnly(true)} for a read-only transaction, which makes the plugin switch the
 * wrapper connection to its (cached) reader connection, and {@code setReadOnly(false)} after it,
 * which switches back. The wrapper connections are pooled by HikariCP with the same settings as
 * every other pool; the read/write splitting plugin ({@code readWriteSplitting}) itself needs an
 * Aurora topology and does not apply here.
 */
final class AwsWrapperPeer {

	private AwsWrapperPeer() {
	}

	static TransactionalWork open(Endpoints endpoints) {
		String database = endpoints.primaryUrl().substring(endpoints.primaryUrl().lastIndexOf('/') + 1);
		HikariConfig config = Pools.config("aws-srw", "jdbc:aws-wrapper:postgresql://"
				+ endpoints.primaryHostAndPort() + "/" + database, endpoints, false);
		config.setDriverClassName("software.amazon.jdbc.Driver");
		config.addDataSourceProperty("wrapperPlugins", "srw");
		config.addDataSourceProperty("srwWriteEndpoint", endpoints.primaryHostAndPort());
		config.addDataSourceProperty("srwReadEndpoint", endpoints.replicaHostAndPort());
		config.addDataSourceProperty("verifyNewSrwConnections", "false");
		HikariDataSource pool = new HikariDataSource(config);
		return new TransactionalWork(endpoints.database(), pool, pool, TransactionalWork.ReadScope.NONE, pool);
	}

}
