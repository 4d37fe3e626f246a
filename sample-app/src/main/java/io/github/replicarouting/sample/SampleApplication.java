package io.github.replicarouting.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * A small analytics product: users edit dashboards (writes, on the primary) and view dashboards,
 * charts and reports over recorded events (reads, on the replicas). Run it with
 * {@code TestSampleApplication} for an embedded replicated PostgreSQL, with the {@code h2}
 * profile for H2 alone, or with the {@code external} profile against databases of your own;
 * started with none of them, it stops at once and says so.
 */
@SpringBootApplication
@EnableScheduling
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(SampleApplication.class);
		// spring-boot:run with no profile has no database: say what to run instead of "no primary URL".
		application.addListeners(new DatabaseModeCheck());
		application.run(args);
	}

}
