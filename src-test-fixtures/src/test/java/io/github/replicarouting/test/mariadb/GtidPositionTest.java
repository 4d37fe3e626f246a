package io.github.replicarouting.test.mariadb;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class GtidPositionTest {

	@Test
	void positionOfOneDomainComparesBySequenceNumber() {
		GtidPosition behind = GtidPosition.parse("0-1-41");
		GtidPosition ahead = GtidPosition.parse("0-2-42");

		assertThat(ahead.isAtLeast(behind)).isTrue();
		assertThat(behind.isAtLeast(ahead)).isFalse();
		assertThat(ahead.sequence(0)).isEqualTo(42);
		assertThat(ahead).hasToString("0-2-42");
	}

	@Test
	void positionOfSeveralDomainsIsReachedOnlyInEveryDomain() {
		GtidPosition target = GtidPosition.parse("0-1-10,1-3-5");

		assertThat(GtidPosition.parse("0-1-10,1-3-5").isAtLeast(target)).isTrue();
		assertThat(GtidPosition.parse("0-1-99").isAtLeast(target)).isFalse();
		assertThat(GtidPosition.parse("1-3-5, 0-1-11").isAtLeast(target)).isTrue();
	}

	@Test
	void emptyPositionIsReachedByEveryServer() {
		GtidPosition empty = GtidPosition.parse("");

		assertThat(empty.isEmpty()).isTrue();
		assertThat(GtidPosition.parse(null)).isEqualTo(empty);
		assertThat(empty.isAtLeast(empty)).isTrue();
		assertThat(empty.isAtLeast(GtidPosition.parse("0-1-1"))).isFalse();
	}

	@Test
	void malformedPositionIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> GtidPosition.parse("0-1"));
		assertThatIllegalArgumentException().isThrownBy(() -> GtidPosition.parse("a-b-c"));
	}

}
