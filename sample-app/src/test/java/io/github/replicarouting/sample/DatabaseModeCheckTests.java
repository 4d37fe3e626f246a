package io.github.replicarouting.sample;

import io.github.replicarouting.sample.DatabaseModeCheck.NoDatabaseModeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * {@code spring-boot:run} of the sample app with no profile: it stops before anything starts and
 * says which command or profile gives it a database, instead of the library's "no primary URL".
 */
@ExtendWith(OutputCaptureExtension.class)
class DatabaseModeCheckTests {

	@Test
	void runWithNoModeShouldPointToTestRunAndTheProfiles(CapturedOutput output) {
		assertThatExceptionOfType(NoDatabaseModeException.class)
			.isThrownBy(() -> SampleApplication.main(new String[] { "--server.port=0" }));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("./mvnw -pl sample-app -am spring-boot:test-run")
			.contains("-Dspring-boot.run.profiles=h2")
			.contains("-Dspring-boot.run.profiles=external")
			.doesNotContain("no primary URL");
	}

	@Test
	void h2ProfileShouldBeAMode() {
		MockEnvironment environment = new MockEnvironment();
		environment.setActiveProfiles("h2");
		assertThatNoException().isThrownBy(() -> DatabaseModeCheck.check(environment));
	}

	@Test
	void externalProfileShouldBeAMode() {
		MockEnvironment environment = new MockEnvironment();
		environment.setActiveProfiles("external");
		assertThatNoException().isThrownBy(() -> DatabaseModeCheck.check(environment));
	}

	@Test
	void aPrimaryGivenOtherwiseShouldBeEnough() {
		assertThatNoException().isThrownBy(() -> DatabaseModeCheck
			.check(new MockEnvironment().withProperty("replica-routing.primary.url", "jdbc:postgresql://db/app")));
		assertThatNoException().isThrownBy(() -> DatabaseModeCheck
			.check(new MockEnvironment().withProperty("spring.datasource.url", "jdbc:postgresql://db/app")));
	}

	@Test
	void noProfileAndNoPrimaryShouldFail() {
		assertThatExceptionOfType(NoDatabaseModeException.class)
			.isThrownBy(() -> DatabaseModeCheck.check(new MockEnvironment()))
			.withMessageContaining("spring-boot:test-run");
	}

}
