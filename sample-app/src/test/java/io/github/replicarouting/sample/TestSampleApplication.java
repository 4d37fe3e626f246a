package io.github.replicarouting.sample;

import io.github.replicarouting.demo.EmbeddedCluster;

import org.springframework.boot.SpringApplication;

/**
 * Runs the sample app on an embedded replicated PostgreSQL (a primary and two streaming replicas,
 * from the test fixtures), with the demo controls on its page:
 * {@code ./mvnw -pl sample-app -am spring-boot:test-run}. It lives on the test classpath, as
 * Spring Boot's development-time launchers do, so the application itself never depends on the
 * fixtures.
 */
public final class TestSampleApplication {

	private TestSampleApplication() {
	}

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(SampleApplication.class);
		application.addInitializers(new EmbeddedCluster());
		application.run(args);
	}

}
