package io.github.replicarouting.test.osiv;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

import io.github.replicarouting.test.RoutingRecorder;

/**
 * A Spring Data JPA web application with Spring Boot's defaults, open-session-in-view included:
 * entities and repositories of this package, the beans below, the routing library from
 * auto-configuration.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ Library.class, LibraryController.class, RoutingRecorder.class })
class OsivTestApplication {

}
