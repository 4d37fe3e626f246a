package io.github.replicarouting;

/**
 * Where Spring Data repository reads called outside a transaction go: derived and declared query
 * methods (which Spring Data runs without a transaction), {@code Specification}, Querydsl and
 * {@code Example} finders, {@code count} and {@code exists}, and the inherited read methods such
 * as {@code findById}. Writes ({@code save}, {@code delete}, {@code @Modifying} queries) are never
 * affected, and a repository method called inside a running transaction uses that transaction's
 * connection.
 */
public enum RepositoryReads {

	/**
	 * A replica, read-only, unless the caller's consistency scope (its web request's token, or
	 * its thread) wrote recently: then where {@code @ReadYourWrites} would send it, a replica that
	 * has the write or the primary. Counted with reason {@code read-your-writes}.
	 */
	READ_YOUR_WRITES,

	/**
	 * A replica, read-only, even right after the caller wrote. Counted with reason
	 * {@code read-only}.
	 */
	REPLICA,

	/**
	 * As any other work: queries without a transaction of their own follow
	 * {@code replica-routing.non-transactional-reads}, the inherited read methods (which Spring
	 * Data runs in read-only transactions) go to a replica.
	 */
	PRIMARY

}
