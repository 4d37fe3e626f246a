package io.github.replicarouting.test.repositoryreads;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * A Spring Data JPA application on Spring Boot's defaults ({@code spring.jpa.open-in-view} on):
 * the routing library from auto-configuration, the entity and repository of this package, and
 * the beans below, imported one by one so that the other test applications of this module never
 * see them.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ AccountController.class, Accounts.class, Decisions.class })
class RepositoryReadsTestApplication {

}
