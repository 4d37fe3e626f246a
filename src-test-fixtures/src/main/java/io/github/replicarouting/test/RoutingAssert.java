package io.github.replicarouting.test;

import java.util.List;
import java.util.function.Predicate;

import io.github.replicarouting.RoutingDecision;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on the decisions a {@link RoutingRecorder} has seen. Obtain one with
 * {@link RoutingAssertions#assertThat(RoutingRecorder)}; failures list every recorded decision.
 */
public final class RoutingAssert extends AbstractAssert<RoutingAssert, RoutingRecorder> {

	RoutingAssert(RoutingRecorder actual) {
		super(actual, RoutingAssert.class);
	}

	/**
	 * Verifies that at least one connection was routed and that every one went to the target.
	 * @param target {@code primary} or a replica's name
	 * @return this assertion
	 */
	public RoutingAssert routedTo(String target) {
		return everyDecision((decision) -> decision.target().equals(target), "to " + target);
	}

	/**
	 * Verifies that at least one connection was routed and that every one went to the primary.
	 * @return this assertion
	 */
	public RoutingAssert routedToPrimary() {
		return routedTo(RoutingDecision.PRIMARY);
	}

	/**
	 * Verifies that at least one connection was routed and that every one went to a replica,
	 * whichever.
	 * @return this assertion
	 */
	public RoutingAssert routedToAnyReplica() {
		return everyDecision((decision) -> !decision.isPrimary(), "to a replica");
	}

	/**
	 * Verifies that at least one connection went to the target, whatever the others did.
	 * @param target {@code primary} or a replica's name
	 * @return this assertion
	 */
	public RoutingAssert routedAtLeastOnceTo(String target) {
		List<RoutingDecision> decisions = decisions();
		if (decisions.stream().noneMatch((decision) -> decision.target().equals(target))) {
			failWithMessage("Expected at least one connection routed to <%s> but recorded %s", target,
					RoutingRecorder.describe(decisions));
		}
		return this;
	}

	/**
	 * Verifies that no connection went to the target.
	 * @param target {@code primary} or a replica's name
	 * @return this assertion
	 */
	public RoutingAssert neverRoutedTo(String target) {
		List<RoutingDecision> decisions = decisions();
		if (decisions.stream().anyMatch((decision) -> decision.target().equals(target))) {
			failWithMessage("Expected no connection routed to <%s> but recorded %s", target,
					RoutingRecorder.describe(decisions));
		}
		return this;
	}

	private RoutingAssert everyDecision(Predicate<RoutingDecision> condition, String description) {
		List<RoutingDecision> decisions = decisions();
		if (decisions.isEmpty()) {
			failWithMessage("Expected connections routed %s but none was routed", description);
		}
		if (!decisions.stream().allMatch(condition)) {
			failWithMessage("Expected every connection routed %s but recorded %s", description,
					RoutingRecorder.describe(decisions));
		}
		return this;
	}

	private List<RoutingDecision> decisions() {
		isNotNull();
		return this.actual.decisions();
	}

}
