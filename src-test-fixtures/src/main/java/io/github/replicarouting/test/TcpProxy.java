package io.github.replicarouting.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback in front of a server, for failure tests: while it
 * {@linkplain #blackhole() black-holes}, it accepts connections and reads what clients send but
 * forwards nothing either way, so clients hang as on a network partition instead of failing fast;
 * {@link #restore()} lets the held traffic through again.
 */
public final class TcpProxy implements AutoCloseable {

	private static final int BUFFER = 16 * 1024;

	private final ServerSocket server;

	private final int targetPort;

	private final ExecutorService threads;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private final Object gate = new Object();

	private volatile boolean blackholed;

	private volatile boolean closed;

	private TcpProxy(int targetPort) throws IOException {
		this.targetPort = targetPort;
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		AtomicInteger count = new AtomicInteger();
		this.threads = Executors.newCachedThreadPool((runnable) -> {
			Thread thread = new Thread(runnable, "tcp-proxy-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		this.threads.execute(this::accept);
	}

	/**
	 * Start a proxy on a free loopback port in front of {@code 127.0.0.1:targetPort}.
	 * @param targetPort the port of the server
	 * @return the running proxy
	 * @throws IOException when no port can be bound
	 */
	public static TcpProxy forward(int targetPort) throws IOException {
		return new TcpProxy(targetPort);
	}

	/**
	 * The port clients connect to.
	 * @return the proxy's port
	 */
	public int port() {
		return this.server.getLocalPort();
	}

	/**
	 * Stop forwarding: connections stay open and silent, new ones are accepted and hang.
	 */
	public void blackhole() {
		this.blackholed = true;
	}

	/**
	 * Forward again, including what was held.
	 */
	public void restore() {
		synchronized (this.gate) {
			this.blackholed = false;
			this.gate.notifyAll();
		}
	}

	private void accept() {
		while (!this.closed) {
			try {
				Socket client = this.server.accept();
				Socket upstream = new Socket();
				upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.targetPort), 5000);
				this.sockets.add(client);
				this.sockets.add(upstream);
				this.threads.execute(() -> pump(client, upstream));
				this.threads.execute(() -> pump(upstream, client));
			}
			catch (IOException ex) {
				// Closed, or the server is down: the client sees its connection drop.
			}
		}
	}

	private void pump(Socket from, Socket to) {
		byte[] buffer = new byte[BUFFER];
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			int read;
			while ((read = in.read(buffer)) >= 0) {
				awaitForwarding();
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException | InterruptedException ex) {
			// One side went away: close both.
		}
		finally {
			closeQuietly(from);
			closeQuietly(to);
		}
	}

	private void awaitForwarding() throws InterruptedException {
		synchronized (this.gate) {
			while (this.blackholed && !this.closed) {
				this.gate.wait();
			}
		}
	}

	private void closeQuietly(Socket socket) {
		this.sockets.remove(socket);
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Closing anyway.
		}
	}

	/**
	 * Close the proxy and every connection through it.
	 */
	@Override
	public void close() {
		this.closed = true;
		restore();
		try {
			this.server.close();
		}
		catch (IOException ex) {
			// Closing anyway.
		}
		this.sockets.forEach(this::closeQuietly);
		this.threads.shutdownNow();
	}

}
