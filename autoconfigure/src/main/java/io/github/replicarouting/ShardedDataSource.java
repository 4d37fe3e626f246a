package io.github.replicarouting;

import java.io.Closeable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.datasource.AbstractDataSource;

/**
 * A {@link ReplicaRoutingDataSource} per shard (primary+replica group) behind one data source:
 * each connection comes from the group of the current work, named by the innermost
 * {@link Shard @Shard} method, else by the {@link ShardKeyResolver}, else by the default shard.
 * The group is picked when the connection is taken, so a transaction stays on the group it
 * started on.
 */
public final class ShardedDataSource extends AbstractDataSource implements Closeable {

	private final Map<String, ReplicaRoutingDataSource> shards;

	private final @Nullable String defaultShard;

	private final @Nullable ShardKeyResolver resolver;

	/**
	 * Create the data source.
	 * @param shards the groups by name, in configuration order
	 * @param defaultShard the group of work no one names a shard for, or {@code null} to fail
	 * such work
	 * @param resolver asked for the shard when no {@code @Shard} method names one, or
	 * {@code null}
	 */
	public ShardedDataSource(Map<String, ReplicaRoutingDataSource> shards, @Nullable String defaultShard,
			@Nullable ShardKeyResolver resolver) {
		if (shards.isEmpty()) {
			throw new IllegalArgumentException("At least one shard is needed");
		}
		if (defaultShard != null && !shards.containsKey(defaultShard)) {
			throw new IllegalArgumentException("The default shard '" + defaultShard + "' is not one of " + shards.keySet());
		}
		this.shards = Collections.unmodifiableMap(new LinkedHashMap<>(shards));
		this.defaultShard = defaultShard;
		this.resolver = resolver;
	}

	@Override
	public Connection getConnection() throws SQLException {
		return this.shards.get(currentShard()).getConnection();
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		return this.shards.get(currentShard()).getConnection(username, password);
	}

	/**
	 * The groups by name.
	 * @return the groups, in configuration order
	 */
	public Map<String, ReplicaRoutingDataSource> getShards() {
		return this.shards;
	}

	/**
	 * The shard of the current work.
	 * @return the name of a configured shard
	 * @throws NoShardException when no shard is known for the current work, or the one named is
	 * not configured
	 */
	public String currentShard() {
		ShardContext.Binding binding = ShardContext.current();
		String shard = shardOf(binding);
		if (shard == null) {
			String where = (binding != null) ? binding.method() : "Work outside any @Shard or @Transactional method";
			throw new NoShardException(where + " names no shard: add @Shard(\"#...\") to it or its class, return one "
					+ "from a ShardKeyResolver bean, or set replica-routing.default-shard to one of " + this.shards.keySet()
					+ ".");
		}
		return shard;
	}

	/**
	 * The shard of the current work, or {@code null} when none is known.
	 */
	@Nullable String shardOf(ShardContext.@Nullable Binding binding) {
		if (binding != null && binding.shard() != null) {
			return known(binding.shard(), "@Shard on " + binding.method());
		}
		String resolved = (this.resolver != null) ? this.resolver.currentShard() : null;
		if (resolved != null) {
			return known(resolved, "The ShardKeyResolver " + this.resolver.getClass().getName());
		}
		return this.defaultShard;
	}

	private String known(String shard, String source) {
		if (!this.shards.containsKey(shard)) {
			throw new NoShardException(source + " names shard '" + shard + "', which is not configured: the shards "
					+ "are " + this.shards.keySet() + " (replica-routing.shards.*).");
		}
		return shard;
	}

	@Override
	public void close() {
		this.shards.values().forEach(ReplicaRoutingDataSource::close);
	}

	@Override
	public String toString() {
		return "ShardedDataSource " + this.shards.keySet();
	}

}
