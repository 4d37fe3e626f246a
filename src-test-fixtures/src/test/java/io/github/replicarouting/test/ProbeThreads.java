package io.github.replicarouting.test;

/**
 * The replica probes' worker threads alive now ({@code replica-routing-probe-*}), to show that
 * probe rounds never pile threads up behind a target that does not answer.
 */
public final class ProbeThreads {

	private ProbeThreads() {
	}

	public static long count() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter(Thread::isAlive)
			.filter((thread) -> thread.getName().startsWith("replica-routing-probe-"))
			.count();
	}

}
