package io.github.replicarouting.sample;

import io.github.replicarouting.sample.DatabaseModeCheck.NoDatabaseModeException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Tells a user who ran {@code spring-boot:run} (or {@link SampleApplication} from an IDE) which
 * command or profile gives the sample app a database.
 */
final class NoDatabaseModeFailureAnalyzer extends AbstractFailureAnalyzer<NoDatabaseModeException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, NoDatabaseModeException cause) {
		return new FailureAnalysis("""
				The sample app was started with no database. spring-boot:run (and SampleApplication) runs the \
				application alone; its embedded primary and two replicas are started by TestSampleApplication, \
				on the test classpath.""", """
				Run it on its embedded replicated PostgreSQL:
				    ./mvnw -pl sample-app -am spring-boot:test-run
				or on H2 alone:
				    ./mvnw -pl sample-app -am spring-boot:run -Dspring-boot.run.profiles=h2
				or on databases of your own (set PRIMARY_URL, DB_USERNAME, DB_PASSWORD, REPLICA_1_URL, REPLICA_2_URL):
				    ./mvnw -pl sample-app -am spring-boot:run -Dspring-boot.run.profiles=external
				See "Try it" in README.md.""", cause);
	}

}
