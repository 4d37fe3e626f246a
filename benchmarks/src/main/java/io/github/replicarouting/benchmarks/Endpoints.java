package io.github.replicarouting.benchmarks;

/**
 * Where the primary and the replica of one database listen, and how to log in. Every contender
 * of a benchmark gets the same endpoints, so that they all do the same work on the same servers.
 *
 * @param database which database these belong to
 * @param primaryUrl the primary's JDBC URL
 * @param replicaUrl the replica's JDBC URL
 * @param primaryHostAndPort the primary as {@code host:port}, for peers configured by endpoint
 * @param replicaHostAndPort the replica as {@code host:port}
 * @param username the user name, the same on both
 * @param password the password, the same on both
 */
record Endpoints(Database database, String primaryUrl, String replicaUrl, String primaryHostAndPort,
		String replicaHostAndPort, String username, String password) {

}
