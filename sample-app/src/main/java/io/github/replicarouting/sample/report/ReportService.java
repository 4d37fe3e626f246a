package io.github.replicarouting.sample.report;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;

/**
 * Reports over recorded events, the heavy reads that replicas are for, and recording events, a
 * write for the primary.
 */
@Service
public class ReportService {

	private static final Set<String> TYPES = Set.of("page_view", "click", "signup", "purchase");

	private final EventRepository events;

	private final Clock clock = Clock.systemUTC();

	ReportService(EventRepository events) {
		this.events = events;
	}

	/**
	 * Revenue, users and purchases per country: a scan, a distinct count and a sort over every
	 * event of the period, on a replica. May be stale by up to
	 * {@code replica-routing.max-replication-lag}.
	 * @param days how many days back, 1 to 90
	 * @return the report
	 */
	@Transactional(readOnly = true)
	public CountryReport countries(int days) {
		if (days < 1 || days > 90) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "days must be between 1 and 90");
		}
		LocalDate since = LocalDate.now(this.clock).minusDays(days);
		return new CountryReport(since, this.events.perCountry(since));
	}

	/**
	 * The latest events.
	 * @return the 20 most recent, newest first
	 */
	@Transactional(readOnly = true)
	public List<EventView> latest() {
		return this.events.findTop20ByOrderByIdDesc().stream().map(Event::view).toList();
	}

	/**
	 * Record an event that happened now.
	 * @param input what happened
	 * @return the event as stored
	 */
	@Transactional
	public EventView record(EventInput input) {
		if (!TYPES.contains(input.type())) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "type must be one of " + TYPES);
		}
		if (input.country() == null || input.country().length() != 2) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "country must be a two-letter code");
		}
		Instant now = this.clock.instant();
		return this.events.save(new Event(now, input.type(), input.country(), input.userId(), input.revenueCents()))
			.view();
	}

	/**
	 * An event to record.
	 *
	 * @param type {@code page_view}, {@code click}, {@code signup} or {@code purchase}
	 * @param country two-letter country code
	 * @param userId the user it came from
	 * @param revenueCents its revenue
	 */
	public record EventInput(String type, String country, long userId, long revenueCents) {

	}

}
