package io.github.replicarouting.demo;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.replicarouting.test.postgresql.ReplicatedPostgres;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;

/**
 * The sample app's embedded mode: before the application context starts, start a real
 * replicated PostgreSQL (a primary and two streaming replicas on loopback, from the test
 * fixtures), point the starter at it, and add the demo controls, which need a cluster they may
 * pause and kill. The cluster closes with the context.
 *
 * <p>
 * With the {@code h2} or {@code external} profile active this does nothing: no cluster, no demo
 * controls. This package lies outside the application's component scan, so the demo controls
 * exist only when this initializer adds them.
 */
public final class EmbeddedCluster implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	private static final Log logger = LogFactory.getLog(EmbeddedCluster.class);

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		ConfigurableEnvironment environment = context.getEnvironment();
		if (environment.acceptsProfiles(Profiles.of("h2 | external"))) {
			return;
		}
		ReplicatedPostgres cluster = ReplicatedPostgres.builder().replicas(2).start();
		logger.info("Embedded PostgreSQL: primary and " + cluster.replicas().size() + " streaming replicas in "
				+ cluster.startupTime().toMillis() + " ms");
		Map<String, Object> properties = new LinkedHashMap<>(cluster.properties());
		// Operators' eject/readmit on /actuator/replicarouting: only here, on a throwaway cluster.
		properties.put("management.endpoint.replicarouting.access", "unrestricted");
		environment.getPropertySources().addFirst(new MapPropertySource("embeddedReplicatedPostgres", properties));
		GenericApplicationContext registry = (GenericApplicationContext) context;
		// Registered first, so destroyed last: after the pools that connect to it have closed.
		registry.registerBean("replicatedPostgres", ReplicatedPostgres.class, () -> cluster);
		registry.registerBean(BurstRoutes.class);
		registry.registerBean(DemoController.class);
		registry.registerBean(DemoTraffic.class);
	}

}
