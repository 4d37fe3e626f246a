package io.github.replicarouting.test;

import io.github.replicarouting.RoutingDecision;
import io.github.replicarouting.RoutingReason;
import org.junit.jupiter.api.Test;

import static io.github.replicarouting.test.RoutingAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RoutingAssertTest {

	private final RoutingRecorder recorder = new RoutingRecorder();

	@Test
	void routedToPassesWhenEveryConnectionWentThere() {
		route("replica-1", RoutingReason.READ_ONLY, "Reports.monthly");
		route("replica-1", RoutingReason.READ_ONLY, "Reports.daily");
		assertThat(this.recorder).routedTo("replica-1")
			.routedToAnyReplica()
			.neverRoutedTo("replica-2")
			.neverRoutedTo("primary");
	}

	@Test
	void routedToFailsListingWhatWasRecorded() {
		route("replica-1", RoutingReason.READ_ONLY, "Reports.monthly");
		route("primary", RoutingReason.FALLBACK, null);
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(this.recorder).routedTo("replica-1"))
			.withMessageContaining("Expected every connection routed to replica-1")
			.withMessageContaining("replica-1 (read-only, Reports.monthly)")
			.withMessageContaining("primary (fallback)");
	}

	@Test
	void routedToFailsWhenNothingWasRouted() {
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(this.recorder).routedToPrimary())
			.withMessageContaining("Expected connections routed to primary but none was routed");
	}

	@Test
	void routedToPrimaryChecksThePrimary() {
		route("primary", RoutingReason.READ_WRITE, "Orders.place");
		assertThat(this.recorder).routedToPrimary().routedAtLeastOnceTo("primary");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(this.recorder).routedToAnyReplica())
			.withMessageContaining("Expected every connection routed to a replica")
			.withMessageContaining("primary (read-write, Orders.place)");
	}

	@Test
	void neverRoutedToFailsOnASingleConnection() {
		route("replica-1", RoutingReason.READ_ONLY, null);
		route("replica-2", RoutingReason.READ_ONLY, null);
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(this.recorder).neverRoutedTo("replica-2"))
			.withMessageContaining("Expected no connection routed to <replica-2>")
			.withMessageContaining("2 routing decision(s)");
	}

	@Test
	void routedAtLeastOnceToAllowsOtherTargets() {
		route("replica-1", RoutingReason.READ_ONLY, null);
		route("replica-2", RoutingReason.READ_ONLY, null);
		assertThat(this.recorder).routedAtLeastOnceTo("replica-1").routedAtLeastOnceTo("replica-2");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.recorder).routedAtLeastOnceTo("replica-3"))
			.withMessageContaining("Expected at least one connection routed to <replica-3>");
	}

	@Test
	void recorderCountsTargetsAndClears() {
		route("replica-1", RoutingReason.READ_ONLY, null);
		route("primary", RoutingReason.READ_WRITE, null);
		route("replica-1", RoutingReason.READ_ONLY, null);
		org.assertj.core.api.Assertions.assertThat(this.recorder.targets()).containsExactly(
				org.assertj.core.api.Assertions.entry("replica-1", 2L),
				org.assertj.core.api.Assertions.entry("primary", 1L));
		org.assertj.core.api.Assertions.assertThat(this.recorder.decisions()).hasSize(3);
		this.recorder.clear();
		org.assertj.core.api.Assertions.assertThat(this.recorder.decisions()).isEmpty();
		org.assertj.core.api.Assertions.assertThat(this.recorder).hasToString("no routing decisions");
	}

	@Test
	void recorderIsSafeForConcurrentRouting() throws InterruptedException {
		Thread[] threads = new Thread[4];
		for (int i = 0; i < threads.length; i++) {
			threads[i] = new Thread(() -> {
				for (int j = 0; j < 1000; j++) {
					route("replica-1", RoutingReason.READ_ONLY, null);
				}
			});
			threads[i].start();
		}
		for (Thread thread : threads) {
			thread.join();
		}
		org.assertj.core.api.Assertions.assertThat(this.recorder.targets()).containsEntry("replica-1", 4000L);
	}

	private void route(String target, RoutingReason reason, String transaction) {
		this.recorder.onRouted(new RoutingDecision(target, reason, transaction));
	}

}
