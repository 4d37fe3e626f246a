package io.github.replicarouting.sample.dashboard;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

import io.github.replicarouting.ReadYourWrites;
import io.github.replicarouting.sample.report.DailyTotal;
import io.github.replicarouting.sample.report.EventRepository;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.server.ResponseStatusException;

/**
 * Dashboards: reads run on a replica ({@code readOnly = true} on the class), saves on the primary.
 * What a user opens right after saving it ({@link #get}, {@link #chart}) is
 * {@link ReadYourWrites}: that user always sees their own edit, even from a lagging replica's
 * point of view, while everybody else's reads stay on the replicas.
 */
@Service
@Transactional(readOnly = true)
public class DashboardService {

	private final DashboardRepository dashboards;

	private final EventRepository events;

	private final Clock clock;

	DashboardService(DashboardRepository dashboards, EventRepository events) {
		this.dashboards = dashboards;
		this.events = events;
		this.clock = Clock.systemUTC();
	}

	/**
	 * Every dashboard. May be stale by up to {@code replica-routing.max-replication-lag}.
	 * @return the dashboards
	 */
	public List<DashboardView> list() {
		return this.dashboards.findAllByOrderByIdAsc().stream().map(Dashboard::view).toList();
	}

	/**
	 * One dashboard, as its user last saved it.
	 * @param id its id
	 * @return the dashboard
	 */
	@ReadYourWrites
	public DashboardView get(long id) {
		return find(id).view();
	}

	/**
	 * A dashboard's chart, computed with the settings its user last saved.
	 * @param id its id
	 * @return events and revenue per day over the dashboard's range
	 */
	@ReadYourWrites
	public ChartView chart(long id) {
		Dashboard dashboard = find(id);
		LocalDate since = LocalDate.now(this.clock).minusDays(dashboard.rangeDays());
		List<DailyTotal> days = (dashboard.eventType() != null)
				? this.events.perDay(since, dashboard.eventType()) : this.events.perDay(since);
		return new ChartView(dashboard.view(), days);
	}

	/**
	 * Save a dashboard's settings.
	 * @param id its id
	 * @param settings the new settings
	 * @return the dashboard as saved
	 */
	@Transactional
	public DashboardView update(long id, DashboardSettings settings) {
		Dashboard dashboard = find(id);
		dashboard.apply(settings.validated(), this.clock.instant());
		return this.dashboards.saveAndFlush(dashboard).view();
	}

	/**
	 * Create a dashboard.
	 * @param settings its settings
	 * @return the dashboard as saved
	 */
	@Transactional
	public DashboardView create(DashboardSettings settings) {
		return this.dashboards.saveAndFlush(new Dashboard(settings.validated(), this.clock.instant())).view();
	}

	private Dashboard find(long id) {
		return this.dashboards.findById(id)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No dashboard " + id));
	}

}
