package io.github.replicarouting.test.postgresql;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LsnTest {

	@Test
	void parsesBothHexadecimalHalves() {
		assertThat(Lsn.parse("16/B374D848").value()).isEqualTo(0x16_B374D848L);
		assertThat(Lsn.parse("0/0").value()).isZero();
	}

	@Test
	void printsAsPostgresDoes() {
		assertThat(Lsn.parse("16/B374D848")).hasToString("16/B374D848");
		assertThat(Lsn.parse("0/3000148")).hasToString("0/3000148");
	}

	@Test
	void comparesAsUnsignedPositions() {
		Lsn low = Lsn.parse("0/FFFFFFFF");
		Lsn high = Lsn.parse("1/0");
		Lsn top = Lsn.parse("FFFFFFFF/FFFFFFFF");
		assertThat(low).isLessThan(high);
		assertThat(high).isLessThan(top);
		assertThat(top.isAtLeast(high)).isTrue();
		assertThat(low.isAtLeast(high)).isFalse();
		assertThat(high.isAtLeast(Lsn.parse("1/0"))).isTrue();
	}

	@Test
	void rejectsWhatIsNoPosition() {
		assertThatIllegalArgumentException().isThrownBy(() -> Lsn.parse("12345")).withMessageContaining("12345");
		assertThatIllegalArgumentException().isThrownBy(() -> Lsn.parse("0/"));
		assertThatIllegalArgumentException().isThrownBy(() -> Lsn.parse("x/1"));
		assertThatIllegalArgumentException().isThrownBy(() -> Lsn.parse("100000000/0"));
		assertThatIllegalArgumentException().isThrownBy(() -> Lsn.parse(null));
	}

}
