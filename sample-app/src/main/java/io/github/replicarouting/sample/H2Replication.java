package io.github.replicarouting.sample;

import java.util.List;

import io.github.replicarouting.ReplicaRoutingDataSource;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Stands in for replication on the embedded H2 default, where the primary and the replicas are
 * separate in-memory databases: every second it copies new notes from the primary's pool to each
 * replica's, so replicas lag behind the primary by up to a second, as real ones do.
 */
@Component
@ConditionalOnProperty(name = "sample.h2-replication", havingValue = "true")
class H2Replication {

	private final JdbcTemplate primary;

	private final List<JdbcTemplate> replicas;

	H2Replication(ReplicaRoutingDataSource routing) {
		this.primary = new JdbcTemplate(routing.getPrimary().dataSource());
		this.replicas = routing.getReplicas().stream().map((replica) -> new JdbcTemplate(replica.dataSource())).toList();
	}

	@Scheduled(fixedDelay = 1000)
	void replicate() {
		for (JdbcTemplate replica : this.replicas) {
			long copied = replica.queryForObject("select coalesce(max(id), 0) from note", Long.class);
			this.primary.query("select id, text from note where id > ? order by id",
					(row) -> {
						replica.update("insert into note (id, text) values (?, ?)", row.getLong(1), row.getString(2));
					}, copied);
		}
	}

}
