package io.github.replicarouting.test.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * Ports for the servers a fixture starts, and whether a server still listens on one.
 */
public final class LoopbackPorts {

	private LoopbackPorts() {
	}

	/**
	 * Picks distinct free loopback ports, holding each until all are picked so that none is
	 * handed out twice. Another process could still take one before the server binds it; the
	 * server's log then says so.
	 */
	public static List<Integer> free(int count) throws IOException {
		List<ServerSocket> sockets = new ArrayList<>();
		try {
			List<Integer> ports = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
				sockets.add(socket);
				ports.add(socket.getLocalPort());
			}
			return ports;
		}
		finally {
			for (ServerSocket socket : sockets) {
				socket.close();
			}
		}
	}

	/** Whether nothing accepts a connection on {@code host:port} within a second. */
	public static boolean refusesConnections(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 1000);
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

}
