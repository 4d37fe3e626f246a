package io.github.replicarouting.test.internal;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Makes a cluster's {@code close()} safe to call more than once and backs it with a shutdown
 * hook, so that servers and files do not outlive a JVM whose tests forgot to close it.
 */
public final class CloseOnce {

	private final AtomicBoolean closed = new AtomicBoolean();

	private final Thread shutdownHook;

	/**
	 * @param hookName the shutdown hook thread's name
	 * @param close the cluster's {@code close()}
	 */
	public CloseOnce(String hookName, Runnable close) {
		this.shutdownHook = new Thread(close, hookName);
	}

	public void registerShutdownHook() {
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
	}

	/**
	 * Whether this is the first call, which should close; unregisters the shutdown hook unless
	 * it is the hook that calls.
	 */
	public boolean first() {
		if (!this.closed.compareAndSet(false, true)) {
			return false;
		}
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// Already shutting down: this is the hook.
		}
		return true;
	}

}
