package io.github.replicarouting.sample.dashboard;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Version;
import org.jspecify.annotations.Nullable;

/**
 * A user's dashboard and its settings: which events it charts, over how many days, and how.
 */
@Entity
public class Dashboard {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	@SuppressWarnings("NullAway.Init") // assigned when persisted, before any view of it is made
	private Long id;

	private String name;

	private String description;

	private @Nullable String eventType;

	private int rangeDays;

	private String chart;

	@Version
	private long version;

	private Instant updatedAt;

	@SuppressWarnings("NullAway.Init") // for JPA, which fills the fields
	protected Dashboard() {
	}

	@SuppressWarnings("NullAway.Init") // apply sets every field
	Dashboard(DashboardSettings settings, Instant now) {
		apply(settings, now);
	}

	void apply(DashboardSettings settings, Instant now) {
		this.name = settings.name();
		this.description = (settings.description() != null) ? settings.description() : "";
		this.eventType = settings.eventType();
		this.rangeDays = settings.rangeDays();
		this.chart = settings.chart();
		this.updatedAt = now;
	}

	DashboardView view() {
		return new DashboardView(this.id, this.name, this.description, this.eventType, this.rangeDays, this.chart,
				this.version, this.updatedAt);
	}

	@Nullable String eventType() {
		return this.eventType;
	}

	int rangeDays() {
		return this.rangeDays;
	}

}
