package io.github.replicarouting.test.readyourwrites;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableAsync;

import io.github.replicarouting.test.app.LastRouting;

/**
 * The application of the read-your-writes integration tests: the routing library from
 * auto-configuration and the beans below, imported one by one rather than component-scanned, so
 * that this application and the other test applications of this module never see each other's
 * beans. {@code @EnableAsync} runs {@code @Async} methods on Spring Boot's
 * {@code applicationTaskExecutor}, which Boot decorates with the library's task decorator.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableAsync
@Import({ Notes.class, Handoffs.class, NotesController.class, LastRouting.class })
class ReadYourWritesTestApplication {

}
