package io.github.replicarouting.sample.h2;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.github.replicarouting.ReplicaRoutingDataSource;
import io.github.replicarouting.RoutingTarget;

import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Stands in for replication in the {@code h2} profile, where the primary and the replicas are
 * separate in-memory databases: every second it copies the dashboards and the new events from
 * the primary to each replica, so the replicas lag behind by up to a second, as real ones do.
 * A real database replicates by itself; nothing like this is needed there.
 */
@Component
@Profile("h2")
class H2Replication {

	private static final String DASHBOARD_COLUMNS = "id, name, description, event_type, range_days, chart, version, updated_at";

	private static final String EVENT_COLUMNS = "id, occurred_at, event_day, type, country, user_id, revenue_cents";

	private static final int EVENTS_PER_ROUND = 50_000;

	private final JdbcTemplate primary;

	private final List<JdbcTemplate> replicas;

	H2Replication(ReplicaRoutingDataSource routing) throws SQLException {
		// Straight to each target's pool, around routing: this is what replication does.
		this.primary = new JdbcTemplate(routing.getPrimary().unwrap(DataSource.class));
		List<JdbcTemplate> replicas = new ArrayList<>();
		for (RoutingTarget replica : routing.getReplicas()) {
			replicas.add(new JdbcTemplate(replica.unwrap(DataSource.class)));
		}
		this.replicas = replicas;
	}

	@Scheduled(fixedDelay = 1000)
	void replicate() {
		List<Object[]> dashboards = this.primary.query("select " + DASHBOARD_COLUMNS + " from dashboard",
				(row, index) -> columns(row, 8));
		for (JdbcTemplate replica : this.replicas) {
			replica.batchUpdate("merge into dashboard (" + DASHBOARD_COLUMNS + ") key (id) values (?, ?, ?, ?, ?, ?, ?, ?)",
					dashboards);
			Long copied = replica.queryForObject("select coalesce(max(id), 0) from event", Long.class);
			List<Object[]> events = this.primary.query(
					"select " + EVENT_COLUMNS + " from event where id > ? order by id fetch first " + EVENTS_PER_ROUND
							+ " rows only",
					(row, index) -> columns(row, 7), copied);
			replica.batchUpdate("insert into event (" + EVENT_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?)", events);
		}
	}

	private static Object[] columns(java.sql.ResultSet row, int count) throws java.sql.SQLException {
		Object[] values = new Object[count];
		for (int i = 0; i < count; i++) {
			values[i] = row.getObject(i + 1);
		}
		return values;
	}

}
