package io.github.replicarouting.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * A small analytics product: users edit dashboards (writes, on the primary) and view dashboards,
 * charts and reports over recorded events (reads, on the replicas). Run it with
 * {@code TestSampleApplication} for an embedded replicated PostgreSQL, with the {@code h2}
 * profile for H2 alone, or with the {@code external} profile against databases of your own.
 */
@SpringBootApplication
@EnableScheduling
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
