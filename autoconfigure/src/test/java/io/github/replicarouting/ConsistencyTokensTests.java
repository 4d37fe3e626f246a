package io.github.replicarouting;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ConsistencyTokensTests {

	private static final String SECRET = "a-secret-of-the-application-0123456789";

	private final ConsistencyTokens tokens = ConsistencyTokens.withSecret(SECRET);

	@Test
	void tokenShouldRoundTrip() {
		String token = this.tokens.token(ConsistencyScope.of(1_700_000_000_000L, 123456));
		ConsistencyScope read = this.tokens.scope(token, Long.MAX_VALUE);
		assertThat(read.lastWriteMillis()).isEqualTo(1_700_000_000_000L);
		assertThat(read.position()).isEqualTo(123456);
	}

	@Test
	void tokenWithoutPositionShouldRoundTrip() {
		String token = this.tokens.token(ConsistencyScope.of(5000, -1));
		assertThat(token).startsWith("3.5000.-.-.0.");
		assertThat(this.tokens.scope(token, 10_000).position()).isEqualTo(-1);
		assertThat(this.tokens.scope(token, 10_000).readPosition()).isEqualTo(-1);
	}

	@Test
	void readPositionShouldRoundTrip() {
		String token = this.tokens.token(ConsistencyScope.of(5000, 77, 90, 6000));
		assertThat(token).startsWith("3.5000.77.90.6000.");
		assertThat(this.tokens.scope(token, 10_000).readPosition()).isEqualTo(90);
		assertThat(this.tokens.scope(token, 10_000).snapshot().readMillis()).isEqualTo(6000);
		assertThat(this.tokens.scope(token, 5500).snapshot().readMillis()).as("a read time from the future")
			.isEqualTo(5500);
	}

	@Test
	void tokenOfThePreviousVersionShouldStillBeAccepted() throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		String payload = "2.5000.77";
		String token = payload + "." + Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(Arrays.copyOf(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)), 16));
		ConsistencyScope scope = this.tokens.scope(token, 10_000);
		assertThat(scope.position()).isEqualTo(77);
		assertThat(scope.readPosition()).isEqualTo(-1);
	}

	@Test
	void tokenShouldBeShortAndSafeInACookie() {
		String token = this.tokens
			.token(ConsistencyScope.of(Long.MAX_VALUE / 2, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE / 2));
		assertThat(token).hasSizeLessThanOrEqualTo(120).matches("[0-9A-Za-z._-]+");
		assertThat(this.tokens.scope(token, Long.MAX_VALUE)).isNotNull();
	}

	@Test
	void instanceWithTheSameSecretShouldAcceptTheToken() {
		String token = this.tokens.token(ConsistencyScope.of(5000, 77));
		assertThat(ConsistencyTokens.withSecret(SECRET).scope(token, 10_000).position()).isEqualTo(77);
	}

	@Test
	void tokenSignedWithAnotherKeyShouldBeIgnored() {
		String token = this.tokens.token(ConsistencyScope.of(5000, 77));
		assertThat(ConsistencyTokens.withSecret(SECRET + "!").scope(token, 10_000)).isNull();
		assertThat(ConsistencyTokens.withRandomKey().scope(token, 10_000)).isNull();
	}

	@Test
	void editedTokenShouldBeIgnored() {
		String token = this.tokens.token(ConsistencyScope.of(5000, 77, 80, 6000));
		String[] fields = token.split("\\.");
		assertThat(this.tokens.scope(String.join(".", fields[0], fields[1], fields[2], fields[3], "7000", fields[5]),
				10_000))
			.as("a later read time")
			.isNull();
		assertThat(this.tokens.scope(String.join(".", fields[0], "9000", fields[2], fields[3], fields[4], fields[5]), 10_000))
			.as("a fresher write time")
			.isNull();
		assertThat(this.tokens.scope(String.join(".", fields[0], fields[1], "78", fields[3], fields[4], fields[5]), 10_000))
			.as("another position")
			.isNull();
		assertThat(this.tokens.scope(String.join(".", fields[0], fields[1], "-", fields[3], fields[4], fields[5]), 10_000))
			.as("no position")
			.isNull();
		assertThat(this.tokens.scope(String.join(".", fields[0], fields[1], fields[2], "-", fields[4], fields[5]), 10_000))
			.as("no read position")
			.isNull();
		assertThat(this.tokens.scope(String.join(".", "2", fields[1], fields[2], fields[5]), 10_000))
			.as("the previous version's payload with this MAC")
			.isNull();
		char last = fields[5].charAt(fields[5].length() - 1);
		String otherMac = fields[5].substring(0, fields[5].length() - 1) + ((last == 'A') ? 'B' : 'A');
		assertThat(this.tokens.scope(String.join(".", fields[0], fields[1], fields[2], fields[3], fields[4], otherMac),
				10_000))
			.as("another MAC")
			.isNull();
	}

	@Test
	void unsignedTokenOfTheFirstFormatShouldBeIgnored() {
		assertThat(this.tokens.scope("1.5000.77", 10_000)).isNull();
		assertThat(this.tokens.scope("1.5000.-", 10_000)).isNull();
	}

	@Test
	void writeTimeFromTheFutureShouldBeTakenAsNow() {
		String token = this.tokens.token(ConsistencyScope.of(99_999_999_999L, 5));
		assertThat(this.tokens.scope(token, 1000).lastWriteMillis()).isEqualTo(1000);
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { "garbage", "2.1000.5", "2.1000.5.", ".", "2..5.abc", "2.-5.5.x", "<script>",
			"2.1000.5.AAAAAAAAAAAAAAAAAAAAAA", "2.1000.5.AAAAAAAAAAAAAAAAAAAAAA.x", "3.1000.5.AAAAAAAAAAAAAAAAAAAAAA",
			"3.1000.5.6.AAAAAAAAAAAAAAAAAAAAAA", "3.1000.5.x.AAAAAAAAAAAAAAAAAAAAAA" })
	void malformedTokensShouldBeIgnored(String token) {
		assertThat(this.tokens.scope(token, 10_000)).isNull();
	}

	@Test
	void overlongTokenShouldBeIgnored() {
		assertThat(this.tokens.scope("2.1000." + "9".repeat(200) + ".AAAA", 10_000)).isNull();
	}

	@Test
	void secretShorterThanTheMinimumShouldBeRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> ConsistencyTokens.withSecret("short"))
			.withMessageContaining("at least 32 bytes")
			.withMessageNotContaining("short");
	}

	@Test
	void randomKeysShouldDifferBetweenInstances() {
		ConsistencyTokens first = ConsistencyTokens.withRandomKey();
		String token = first.token(ConsistencyScope.of(5000, 1));
		assertThat(first.isRandomKey()).isTrue();
		assertThat(first.scope(token, 10_000)).isNotNull();
		assertThat(ConsistencyTokens.withRandomKey().scope(token, 10_000)).isNull();
	}

	@Test
	void descriptionShouldNotShowTheSecret() {
		assertThat(this.tokens.toString()).doesNotContain(SECRET).contains("shared secret");
	}

}
