package io.github.replicarouting.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import io.github.replicarouting.test.internal.ContainerDefaults;

/**
 * Configures and starts a fixture's cluster, whatever the database: how many replicas, how long
 * to wait, and where the servers run, {@link #embedded()} (the default) or in
 * {@link #containers()} with their image, network and user. A database's builder adds what only
 * it has. Settings of the containers backend are an error on an embedded cluster, so that a test
 * never runs elsewhere than it says.
 *
 * @param <B> the database's builder, returned by every setter
 * @param <C> the cluster it starts
 */
public abstract class ClusterBuilder<B extends ClusterBuilder<B, C>, C extends ReplicatedCluster<?>> {

	private final List<String> containerSettings = new ArrayList<>();

	private int replicas = 2;

	private Duration timeout = Duration.ofSeconds(60);

	private Backend backend = Backend.EMBEDDED;

	private @Nullable String image;

	private @Nullable ContainerNetworkMode networkMode;

	private @Nullable String user;

	/**
	 * Creates a builder with the defaults: two replicas, embedded, 60 seconds.
	 */
	protected ClusterBuilder() {
	}

	/**
	 * How many replicas to start next to the primary.
	 * @param replicas zero or more; 2 by default
	 * @return this builder
	 */
	public final B replicas(int replicas) {
		if (replicas < 0) {
			throw new IllegalArgumentException("replicas must be 0 or more, was " + replicas);
		}
		this.replicas = replicas;
		return self();
	}

	/**
	 * How long to wait for a server to start or stop, or for a replica to catch up.
	 * @param timeout a positive duration; 60 seconds by default
	 * @return this builder
	 */
	public final B timeout(Duration timeout) {
		if (timeout == null || timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("timeout must be positive, was " + timeout);
		}
		this.timeout = timeout;
		return self();
	}

	/**
	 * Where the servers run.
	 * @param backend {@link Backend#EMBEDDED} by default
	 * @return this builder
	 */
	public final B backend(Backend backend) {
		if (backend == null) {
			throw new IllegalArgumentException("backend must not be null");
		}
		this.backend = backend;
		return self();
	}

	/**
	 * Runs the servers on this machine from binaries in a Maven artifact: {@code backend(EMBEDDED)},
	 * the default.
	 * @return this builder
	 */
	public final B embedded() {
		return backend(Backend.EMBEDDED);
	}

	/**
	 * Runs each server in a Docker container through Testcontainers:
	 * {@code backend(CONTAINERS)}.
	 * @return this builder
	 */
	public final B containers() {
		return backend(Backend.CONTAINERS);
	}

	/**
	 * The image the containers run. By default a system property or, failing that, an environment
	 * variable names it (see the database's builder), else the database's official image.
	 * @param image an image name, for example {@code postgres:17-alpine}
	 * @return this builder
	 */
	public final B image(String image) {
		if (image == null || image.isBlank()) {
			throw new IllegalArgumentException("image must not be empty");
		}
		this.image = image;
		return containerSetting("image");
	}

	/**
	 * How the containers are networked. By default the system property
	 * {@code replica-routing.containers.network}, else the environment variable
	 * {@code REPLICA_ROUTING_CONTAINER_NETWORK} ({@code host} or {@code bridge}), else
	 * {@link ContainerNetworkMode#BRIDGE}.
	 * @param networkMode the mode
	 * @return this builder
	 */
	public final B networkMode(ContainerNetworkMode networkMode) {
		if (networkMode == null) {
			throw new IllegalArgumentException("networkMode must not be null");
		}
		this.networkMode = networkMode;
		return containerSetting("networkMode");
	}

	/**
	 * The user the servers run as in their containers, by name or uid; never root.
	 * @param user an unprivileged user; the database's builder names the default
	 * @return this builder
	 */
	public final B user(String user) {
		if (user == null || user.isBlank() || "root".equals(user) || "0".equals(user)) {
			throw new IllegalArgumentException("user must be an unprivileged user, was " + user);
		}
		this.user = user;
		return containerSetting("user");
	}

	/**
	 * Starts the cluster and waits until the primary serves and every replica replicates.
	 * @return the running cluster; close it when done
	 * @throws IllegalStateException if a setting of the containers backend is given for an
	 * embedded cluster
	 * @throws ReplicatedClusterException if it cannot start, with the reason and the failing
	 * server's log
	 */
	public final C start() {
		if (this.backend == Backend.EMBEDDED && !this.containerSettings.isEmpty()) {
			throw new IllegalStateException(String.join("(...), ", this.containerSettings)
					+ "(...) configure the containers backend, but the backend is embedded. Call containers() "
					+ "(or backend(Backend.CONTAINERS)) to run the servers in containers, or leave them out.");
		}
		long started = System.nanoTime();
		C cluster = create();
		cluster.launch(started);
		return cluster;
	}

	/**
	 * Records a setting that only the containers backend uses, for {@link #start()} to check.
	 * @param name the setter's name, for the message
	 * @return this builder
	 */
	protected final B containerSetting(String name) {
		if (!this.containerSettings.contains(name)) {
			this.containerSettings.add(name);
		}
		return self();
	}

	/**
	 * Creates the cluster as configured, not started yet.
	 * @return the cluster
	 */
	protected abstract C create();

	/**
	 * The number of replicas.
	 * @return what {@link #replicas(int)} set
	 */
	protected final int replicas() {
		return this.replicas;
	}

	/**
	 * The timeout.
	 * @return what {@link #timeout(Duration)} set
	 */
	protected final Duration timeout() {
		return this.timeout;
	}

	/**
	 * The backend.
	 * @return what {@link #backend(Backend)} chose
	 */
	protected final Backend backend() {
		return this.backend;
	}

	/**
	 * The image, if {@link #image(String)} set one; the database's default otherwise.
	 * @return the image, or empty for the default
	 */
	protected final Optional<String> image() {
		return Optional.ofNullable(this.image);
	}

	/**
	 * The network mode: what {@link #networkMode(ContainerNetworkMode)} set, else the one the
	 * environment names, else {@link ContainerNetworkMode#BRIDGE}.
	 * @return the mode
	 */
	protected final ContainerNetworkMode networkMode() {
		return (this.networkMode != null) ? this.networkMode : ContainerDefaults.fromSystem().networkMode();
	}

	/**
	 * The user in the containers, if {@link #user(String)} set one; the database's default
	 * otherwise.
	 * @return the user, or empty for the default
	 */
	protected final Optional<String> user() {
		return Optional.ofNullable(this.user);
	}

	@SuppressWarnings("unchecked")
	private B self() {
		return (B) this;
	}

}
