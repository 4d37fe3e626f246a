package io.github.replicarouting.autoconfigure.app;

import io.github.replicarouting.ReadYourWrites;
import io.github.replicarouting.UsePrimary;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

@Service
public class RoutedService {

	private final JdbcTemplate jdbc;

	private final RoutedService self;

	public RoutedService(JdbcTemplate jdbc, @org.springframework.context.annotation.Lazy RoutedService self) {
		this.jdbc = jdbc;
		this.self = self;
	}

	@Transactional(readOnly = true)
	public String readOnly() {
		return Whoami.ask(this.jdbc);
	}

	@Transactional
	public String readWrite() {
		return Whoami.ask(this.jdbc);
	}

	public String noTransaction() {
		return Whoami.ask(this.jdbc);
	}

	@Transactional
	public String[] readWriteThenJoinedReadOnly() {
		return new String[] { this.self.readOnly(), Whoami.ask(this.jdbc) };
	}

	@Transactional
	public String readWriteCallingJoinedReadOnlyFirst() {
		// The joined read-only method runs the transaction's first statement.
		return this.self.readOnly();
	}

	@Transactional
	public String[] readWriteThenRequiresNewReadOnly() {
		String outer = Whoami.ask(this.jdbc);
		return new String[] { outer, this.self.requiresNewReadOnly(), Whoami.ask(this.jdbc) };
	}

	@Transactional(readOnly = true, propagation = Propagation.REQUIRES_NEW)
	public String requiresNewReadOnly() {
		return Whoami.ask(this.jdbc);
	}

	@UsePrimary
	@Transactional(readOnly = true)
	public String usePrimaryReadOnly() {
		return Whoami.ask(this.jdbc);
	}

	@Transactional(readOnly = true)
	public void writeInReadOnly() {
		this.jdbc.update("insert into item (name) values ('refused')");
	}

	@Transactional
	public void write(String name) {
		this.jdbc.update("insert into item (name) values (?)", name);
	}

	@ReadYourWrites
	@Transactional(readOnly = true)
	public String readYourWrites() {
		return Whoami.ask(this.jdbc);
	}

}
