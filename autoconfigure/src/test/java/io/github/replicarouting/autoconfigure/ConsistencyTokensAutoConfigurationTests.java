package io.github.replicarouting.autoconfigure;

import io.github.replicarouting.ConsistencyScope;
import io.github.replicarouting.ConsistencyTokenFilter;
import io.github.replicarouting.ConsistencyTokens;
import io.github.replicarouting.H2Targets;
import io.github.replicarouting.TestScopes;
import io.github.replicarouting.autoconfigure.web.ReplicaRoutingWebAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key that authenticates consistency tokens: a shared secret makes instances accept each
 * other's tokens; without one, each instance has a random key and says so once; the secret
 * never shows.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConsistencyTokensAutoConfigurationTests {

	private static final String SECRET = "Shared-Token-Secret-0123456789-abcdef";

	private static final String NOT_SET = "replica-routing.read-your-writes.token-secret is not set";

	private final H2Targets databases = H2Targets.create("primary", "replica-1");

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ReplicaRoutingAutoConfiguration.class,
				ReplicaRoutingWebAutoConfiguration.class, DataSourceAutoConfiguration.class))
		.withPropertyValues(this.databases.propertyPairs());

	@Test
	void whenSecretIsNotSetShouldSignWithARandomKeyAndSaySoOnce(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ConsistencyTokenFilter.class);
			assertThat(context.getBean(ConsistencyTokens.class).isRandomKey()).isTrue();
		});
		assertThat(output.getOut().split(NOT_SET, -1)).hasSize(2);
	}

	@Test
	void whenSecretIsSharedInstancesShouldAcceptEachOthersTokens(CapturedOutput output) {
		String[] token = new String[1];
		ConsistencyScope scope = TestScopes.wrote(1_000, 42);
		this.contextRunner.withPropertyValues("replica-routing.read-your-writes.token-secret=" + SECRET)
			.run((context) -> token[0] = context.getBean(ConsistencyTokens.class).token(scope));
		this.contextRunner.withPropertyValues("replica-routing.read-your-writes.token-secret=" + SECRET)
			.run((context) -> assertThat(context.getBean(ConsistencyTokens.class).scope(token[0], 2_000).position())
				.isEqualTo(42));
		this.contextRunner.run((context) -> assertThat(context.getBean(ConsistencyTokens.class).scope(token[0], 2_000))
			.as("a token checked by an instance without the secret")
			.isNull());
		assertThat(output).doesNotContain(SECRET);
	}

	@Test
	void whenSecretIsTooShortShouldFailStartupWithoutShowingIt(CapturedOutput output) {
		this.contextRunner.withPropertyValues("replica-routing.read-your-writes.token-secret=Too-Short-Secret")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidReplicaRoutingConfigurationException.class)
					.hasMessageContaining("replica-routing.read-your-writes.token-secret")
					.hasMessageContaining("16 bytes long but must be at least 32")
					.hasMessageNotContaining("Too-Short-Secret");
			});
		assertThat(output).doesNotContain("Too-Short-Secret");
	}

	@Test
	void inAnApplicationWithoutServletsShouldNotMakeTokens(CapturedOutput output) {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ReplicaRoutingAutoConfiguration.class,
					ReplicaRoutingWebAutoConfiguration.class, DataSourceAutoConfiguration.class))
			.withPropertyValues(this.databases.propertyPairs())
			.run((context) -> assertThat(context).doesNotHaveBean(ConsistencyTokens.class)
				.doesNotHaveBean(ConsistencyTokenFilter.class));
		assertThat(output).doesNotContain(NOT_SET);
	}

}
