package io.github.replicarouting;

/**
 * Consistency scopes in a given state, for tests outside this package: only the library records
 * a scope's writes.
 */
public final class TestScopes {

	private TestScopes() {
	}

	/**
	 * A scope that last wrote at {@code millis}, leaving the primary at {@code position}.
	 */
	public static ConsistencyScope wrote(long millis, long position) {
		return ConsistencyScope.of(millis, position);
	}

}
