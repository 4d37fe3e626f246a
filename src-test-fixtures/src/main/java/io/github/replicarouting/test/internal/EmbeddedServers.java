package io.github.replicarouting.test.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

import io.github.replicarouting.test.ClusterNode;

/**
 * An embedded backend, whatever the database: server processes on this machine whose data
 * directories and logs live in a cluster directory of their own, which closing deletes after
 * stopping every server at once.
 *
 * @param <S> the database's server
 */
public abstract class EmbeddedServers<S extends ClusterNode> implements ClusterServers {

	private final List<S> servers = new CopyOnWriteArrayList<>();

	private volatile @Nullable Path directory;

	/**
	 * Records the cluster directory, as soon as it exists, so that closing deletes it.
	 * @param directory the directory
	 * @return the directory
	 */
	protected final Path directory(Path directory) {
		this.directory = directory;
		return directory;
	}

	/**
	 * Records a server before it runs, so that a failed start still stops it.
	 * @param server the server
	 */
	protected final void add(S server) {
		this.servers.add(server);
	}

	/** The servers, the primary first. */
	protected final List<S> servers() {
		return this.servers;
	}

	/** Stops a server for good, as quickly as possible: its data is thrown away. */
	protected abstract void stopForClose(S server);

	@Override
	public final void close() {
		Parallel.forEach(this.servers, this::stopForClose);
		Path cluster = this.directory;
		if (cluster == null) {
			return;
		}
		try {
			FileTrees.delete(cluster);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not delete the cluster directory " + cluster, ex);
		}
	}

	@Override
	public final Optional<Path> directory() {
		return Optional.ofNullable(this.directory);
	}

	@Override
	public String toString() {
		Path cluster = this.directory;
		return "embedded" + ((cluster != null) ? " in " + cluster : "");
	}

}
