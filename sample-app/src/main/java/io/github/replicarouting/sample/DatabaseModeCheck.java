package io.github.replicarouting.sample;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Profiles;

/**
 * Stops {@link SampleApplication#main} early when it was started with no database to run on, as
 * {@code ./mvnw -pl sample-app spring-boot:run} without a profile is: the embedded cluster is
 * started only by {@code TestSampleApplication} ({@code spring-boot:test-run}), so without this the
 * failure would be the library's "no primary URL", which says nothing of the sample's modes.
 */
final class DatabaseModeCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		check(event.getEnvironment());
	}

	static void check(ConfigurableEnvironment environment) {
		if (environment.acceptsProfiles(Profiles.of("h2 | external"))) {
			return;
		}
		Binder binder = Binder.get(environment);
		boolean primaryGiven = binder.bind("replica-routing.primary.url", String.class).isBound()
				|| binder.bind("spring.datasource.url", String.class).isBound();
		if (!primaryGiven) {
			throw new NoDatabaseModeException();
		}
	}

	/** The sample app was started without a database mode. */
	static final class NoDatabaseModeException extends IllegalStateException {

		NoDatabaseModeException() {
			super("The sample app has no database: SampleApplication runs on the h2 or external profile; "
					+ "the embedded replicated PostgreSQL is started by TestSampleApplication "
					+ "(./mvnw -pl sample-app -am spring-boot:test-run)");
		}

	}

}
