package io.github.replicarouting.test.mariadb;

import java.sql.CallableStatement;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

import io.github.replicarouting.RoutingDecision;
import io.github.replicarouting.UsePrimary;
import io.github.replicarouting.test.app.LastRouting;

/**
 * Statements the router cannot see writing or locking by their first keyword: a stored procedure
 * and a function that insert, a locking read, a sequence, each reporting where the router sent it.
 * {@link PrivilegedReplicaUserScenarios#prepare} creates the objects they use.
 */
public class Audits {

	private final JdbcTemplate jdbc;

	private final LastRouting lastRouting;

	Audits(JdbcTemplate jdbc, LastRouting lastRouting) {
		this.jdbc = jdbc;
		this.lastRouting = lastRouting;
	}

	/** Calls the procedure that inserts an audit row, inside a read-only transaction. */
	@Transactional(readOnly = true)
	public @Nullable RoutingDecision callInReadOnlyTransaction(String body) {
		return call(body);
	}

	/** Calls the function that inserts an audit row from a SELECT, inside a read-only transaction. */
	@Transactional(readOnly = true)
	public @Nullable RoutingDecision selectInReadOnlyTransaction(String body) {
		this.lastRouting.take();
		this.jdbc.queryForObject("select audit_fn(?)", Integer.class, body);
		return this.lastRouting.take();
	}

	/** Calls the function in a read-only transaction on the primary; the session it ran in. */
	@UsePrimary
	@Transactional(readOnly = true)
	public Attempt callInReadOnlyTransactionOnPrimary(String body) {
		return attempt(body);
	}

	/** Calls the function in a read-write transaction; the session it ran in. */
	@Transactional
	public Attempt callInReadWriteTransaction(String body) {
		return attempt(body);
	}

	private Attempt attempt(String body) {
		long session = this.jdbc.queryForObject("select connection_id()", Long.class);
		try {
			this.jdbc.queryForObject("select audit_fn(?)", Integer.class, body);
			return new Attempt(session, null);
		}
		catch (DataAccessException ex) {
			return new Attempt(session, NestedExceptionUtils.getMostSpecificCause(ex).getMessage());
		}
	}

	/** Calls the procedure that inserts an audit row, outside any transaction. */
	public @Nullable RoutingDecision callOutsideTransaction(String body) {
		return call(body);
	}

	/** Calls it through the JDBC escape syntax ({@code {call ...}}), outside any transaction. */
	public @Nullable RoutingDecision callEscapedOutsideTransaction(String body) {
		this.lastRouting.take();
		this.jdbc.call((connection) -> {
			CallableStatement statement = connection.prepareCall("{call add_audit(?)}");
			statement.setString(1, body);
			return statement;
		}, List.of());
		return this.lastRouting.take();
	}

	/** Runs a query outside any transaction: the port of the server that ran it. */
	public Served queryOutsideTransaction(String sql) {
		this.lastRouting.take();
		Integer port = this.jdbc.queryForObject(sql, Integer.class, 1);
		return new Served(port, this.lastRouting.take());
	}

	private @Nullable RoutingDecision call(String body) {
		this.lastRouting.take();
		this.jdbc.update("call add_audit(?)", body);
		return this.lastRouting.take();
	}

	/**
	 * A call of the function.
	 *
	 * @param session the server's id of the session that ran it ({@code connection_id()})
	 * @param refusal why the server refused it, or {@code null} when it ran
	 */
	public record Attempt(long session, @Nullable String refusal) {

	}

	/**
	 * Where a statement ran.
	 *
	 * @param port the port of the server that ran it, as the server reports it
	 * @param decision where the router sent it
	 */
	public record Served(int port, @Nullable RoutingDecision decision) {

	}

}
