package io.github.replicarouting.test;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import io.github.replicarouting.test.postgresql.ReplicatedPostgres;
import io.github.replicarouting.test.postgresql.ReplicatedPostgresTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring test gets the cluster's properties from the annotation alone.
 */
@SpringJUnitConfig(ReplicatedPostgresSpringIT.Config.class)
@ReplicatedPostgresTest(replicas = 2)
class ReplicatedPostgresSpringIT {

	@Value("${replica-routing.primary.url}")
	String primaryUrl;

	@Value("${replica-routing.primary.username}")
	String username;

	@Value("${replica-routing.replicas.replica-2.url}")
	String replica2Url;

	@Test
	void environmentPointsAtTheCluster(ReplicatedPostgres cluster) {
		assertThat(this.primaryUrl).isEqualTo(cluster.primary().jdbcUrl());
		assertThat(this.username).isEqualTo("postgres");
		assertThat(this.replica2Url).isEqualTo(cluster.replica("replica-2").jdbcUrl());
	}

	@Configuration(proxyBeanMethods = false)
	static class Config {

	}

}
