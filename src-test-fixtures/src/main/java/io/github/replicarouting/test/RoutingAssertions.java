package io.github.replicarouting.test;

/**
 * Entry point for routing assertions:
 * {@code RoutingAssertions.assertThat(recorder).routedTo("replica-1")}. Works with any backend,
 * since it only looks at what the routing library reported to a {@link RoutingRecorder}.
 */
public final class RoutingAssertions {

	private RoutingAssertions() {
	}

	/**
	 * Starts assertions on the decisions a recorder has seen.
	 * @param recorder the recorder registered with the application
	 * @return the assertion
	 */
	public static RoutingAssert assertThat(RoutingRecorder recorder) {
		return new RoutingAssert(recorder);
	}

}
