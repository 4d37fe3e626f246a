package io.github.replicarouting.test.sharding;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.github.replicarouting.ReadYourWrites;
import io.github.replicarouting.Shard;

/**
 * Notes kept per tenant, each tenant's in the shard named after it; every call says which server
 * ran it ({@code inet_server_port()}).
 */
@Service
public class TenantNotes {

	private final JdbcTemplate jdbc;

	private final ObjectProvider<TenantNotes> proxy;

	TenantNotes(JdbcTemplate jdbc, ObjectProvider<TenantNotes> proxy) {
		this.jdbc = jdbc;
		this.proxy = proxy;
	}

	/**
	 * Write a note.
	 * @return where the insert ran, and the note's id
	 */
	@Shard("#tenant")
	@Transactional
	public Written write(String tenant, String body) {
		Long id = this.jdbc.queryForObject("insert into notes (body) values (?) returning id", Long.class, body);
		return new Written(port(), id);
	}

	@Shard("#tenant")
	@Transactional(readOnly = true)
	public Read read(String tenant, long id) {
		return new Read(port(), count(id) == 1);
	}

	@Shard("#tenant")
	@ReadYourWrites
	@Transactional(readOnly = true)
	public Read readYourWrites(String tenant, long id) {
		return new Read(port(), count(id) == 1);
	}

	/** A read no {@code @Shard} names a shard for. */
	@Transactional(readOnly = true)
	public int readUnkeyed() {
		return port();
	}

	/** A write, then a read of {@code other}'s shard in the same transaction. */
	@Shard("#tenant")
	@Transactional
	public Read writeThenRead(String tenant, String other) {
		long id = write(tenant, "cross").id();
		return this.proxy.getObject().read(other, id);
	}

	private int count(long id) {
		Integer count = this.jdbc.queryForObject("select count(*) from notes where id = ?", Integer.class, id);
		return (count != null) ? count : 0;
	}

	private int port() {
		Integer port = this.jdbc.queryForObject("select inet_server_port()", Integer.class);
		return (port != null) ? port : -1;
	}

	public record Written(int port, long id) {

	}

	public record Read(int port, boolean seen) {

	}

}
