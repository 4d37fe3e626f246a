package io.github.replicarouting;

import java.sql.SQLException;

/**
 * Which node takes writes now, for {@code failover.mode: follow}: chosen by the health checks
 * (the health package's {@code Failover}), read by the router for every write. Given to
 * {@link ReplicaRoutingDataSource.Builder#failover}. Implementations must be cheap and
 * thread-safe.
 */
public interface WriterSelection {

	/**
	 * The node writes go to now.
	 * @return the name of the primary or of one of the replicas
	 * @throws SQLException when no node may take writes now ({@link SplitBrainException} when two
	 * distinct servers do)
	 */
	String writer() throws SQLException;

	/**
	 * The health of {@code node} as the node that takes writes: whether a write may be sent to it.
	 * @param node one of the replicas (the primary's is its ordinary health)
	 * @return its health as a writer
	 */
	TargetHealth asWriter(RoutingTarget node);

	/**
	 * The health of {@code node} as a replica serving reads.
	 * @param node the primary (the replicas' is their ordinary health)
	 * @return its health as a reader
	 */
	TargetHealth asReader(RoutingTarget node);

}
