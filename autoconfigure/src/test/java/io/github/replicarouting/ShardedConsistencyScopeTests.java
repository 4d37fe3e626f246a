package io.github.replicarouting;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A consistency scope keeps one record per shard, and its token carries each shard's.
 */
class ShardedConsistencyScopeTests {

	private final ConsistencyTokens tokens = ConsistencyTokens.withSecret("a-secret-of-the-application-0123456789");

	@Test
	void aWriteOnOneShardLeavesTheOtherShardsRecordAlone() {
		ConsistencyScope scope = new ConsistencyScope();
		ConsistencyScopeResolver a = ConsistencyScopes.forShard((forWrite) -> scope, "a");
		ConsistencyScopeResolver b = ConsistencyScopes.forShard((forWrite) -> scope, "b");

		a.resolve(true).recordWrite(5000, 77);

		assertThat(a.resolve(false).lastWriteMillis()).isEqualTo(5000);
		assertThat(a.resolve(false).position()).isEqualTo(77);
		assertThat(b.resolve(false).lastWriteMillis()).isEqualTo(Long.MIN_VALUE);
		assertThat(b.resolve(false).position()).isEqualTo(-1);
	}

	@Test
	void aShardsChangeIsTheScopesChange() {
		ConsistencyScope scope = new ConsistencyScope();
		List<ConsistencyScope> changed = new ArrayList<>();
		scope.onWrite(changed::add);

		scope.forShard("b").recordWrite(5000, 77);

		assertThat(changed).containsExactly(scope);
	}

	@Test
	void tokenCarriesEveryShardsRecord() {
		ConsistencyScope scope = new ConsistencyScope();
		scope.forShard("eu-1").recordWrite(5000, 77);
		scope.forShard("us_2").recordWrite(6000, -1);
		scope.forShard("us_2").recordRead(90, 6500);

		String token = this.tokens.token(scope);
		ConsistencyScope read = this.tokens.scope(token, 10_000);

		assertThat(token).startsWith("4.eu-1~5000~77~-~0.us_2~6000~-~90~6500.");
		assertThat(read.forShard("eu-1").lastWriteMillis()).isEqualTo(5000);
		assertThat(read.forShard("eu-1").position()).isEqualTo(77);
		assertThat(read.forShard("eu-1").readPosition()).isEqualTo(-1);
		assertThat(read.forShard("us_2").snapshot()).isEqualTo(scope.forShard("us_2").snapshot());
		assertThat(read.forShard("other").position()).as("a shard the token does not name").isEqualTo(-1);
	}

	@Test
	void editedShardedTokenIsWorthNothing() {
		ConsistencyScope scope = new ConsistencyScope();
		scope.forShard("a").recordWrite(5000, 77);
		String token = this.tokens.token(scope);

		assertThat(this.tokens.scope(token.replace("4.a~", "4.b~"), 10_000)).isNull();
		assertThat(this.tokens.scope(token.replace("~77~", "~78~"), 10_000)).isNull();
	}

	@Test
	void tokenWithoutShardsHoldsForEveryShard() {
		String token = this.tokens.token(ConsistencyScope.of(5000, 77));

		ConsistencyScope read = this.tokens.scope(token, 10_000);

		assertThat(read.forShard("a").position()).isEqualTo(77);
		assertThat(read.forShard("b").lastWriteMillis()).isEqualTo(5000);
	}

}
