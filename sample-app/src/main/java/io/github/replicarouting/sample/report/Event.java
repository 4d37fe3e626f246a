package io.github.replicarouting.sample.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

/**
 * A recorded event (page view, click, sign-up, purchase): what the reports aggregate.
 */
@Entity
public class Event {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	@SuppressWarnings("NullAway.Init") // assigned when persisted, before any view of it is made
	private Long id;

	private Instant occurredAt;

	@Column(name = "event_day")
	private LocalDate day;

	private String type;

	private String country;

	private long userId;

	private long revenueCents;

	@SuppressWarnings("NullAway.Init") // for JPA, which fills the fields
	protected Event() {
	}

	Event(Instant occurredAt, String type, String country, long userId, long revenueCents) {
		this.occurredAt = occurredAt;
		this.day = LocalDate.ofInstant(occurredAt, ZoneOffset.UTC);
		this.type = type;
		this.country = country;
		this.userId = userId;
		this.revenueCents = revenueCents;
	}

	EventView view() {
		return new EventView(this.id, this.occurredAt, this.type, this.country, this.userId, this.revenueCents);
	}

}
