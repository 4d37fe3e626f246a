package io.github.replicarouting.test.consistency;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

import io.github.replicarouting.test.app.LastRouting;

/**
 * The application of the per-call consistency scenarios: the routing library from
 * auto-configuration and the beans below, imported one by one so that it never sees the beans of
 * the module's other test applications. A JDBC application.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(excludeName = { "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
		"org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration" })
@Import({ BoundedReads.class, AwaitedWrites.class, LastRouting.class })
public class ConsistencyTestApplication {

}
