package io.github.replicarouting.test.consistency;

import java.util.Locale;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

import io.github.replicarouting.AwaitReplication;

/**
 * Writes that return once replicas have them, and the same write that does not wait.
 */
class AwaitedWrites {

	private final JdbcTemplate jdbc;

	AwaitedWrites(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Transactional
	public void createTable() {
		String product = this.jdbc.execute((ConnectionCallback<String>) (connection) -> connection.getMetaData()
			.getDatabaseProductName());
		this.jdbc.execute(product.toLowerCase(Locale.ROOT).contains("postgres")
				? "create table if not exists awaited (id bigserial primary key, body text not null)"
				: "create table if not exists awaited (id bigint auto_increment primary key, body text not null)");
	}

	@AwaitReplication(replicas = 2, timeout = "2s")
	@Transactional
	public long writeSeenByBoth(String body) {
		return insert(body);
	}

	@AwaitReplication(replicas = 1, timeout = "2s")
	@Transactional
	public long writeSeenByOne(String body) {
		return insert(body);
	}

	@Transactional
	public long write(String body) {
		return insert(body);
	}

	/** Both PostgreSQL and MariaDB (10.5+) answer {@code INSERT ... RETURNING}. */
	private long insert(String body) {
		return this.jdbc.queryForObject("insert into awaited (body) values (?) returning id", Long.class, body);
	}

}
