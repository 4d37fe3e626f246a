package io.github.replicarouting.sample.report;

import java.time.LocalDate;
import java.util.List;


import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/**
 * Events and the aggregates over them. The aggregates carry no transaction of their own: they
 * run in the read-only transaction of the service that calls them, so on a replica.
 */
public interface EventRepository extends JpaRepository<Event, Long> {

	@Query("""
			select new io.github.replicarouting.sample.report.DailyTotal(e.day, count(e), sum(e.revenueCents))
			from Event e where e.day >= :since group by e.day order by e.day""")
	List<DailyTotal> perDay(LocalDate since);

	@Query("""
			select new io.github.replicarouting.sample.report.DailyTotal(e.day, count(e), sum(e.revenueCents))
			from Event e where e.day >= :since and e.type = :type group by e.day order by e.day""")
	List<DailyTotal> perDay(LocalDate since, String type);

	@Query("""
			select new io.github.replicarouting.sample.report.CountryReport$Row(e.country, count(e),
				count(distinct e.userId), sum(case when e.type = 'purchase' then 1 else 0 end), sum(e.revenueCents))
			from Event e where e.day >= :since group by e.country order by sum(e.revenueCents) desc""")
	List<CountryReport.Row> perCountry(LocalDate since);

	List<Event> findTop20ByOrderByIdDesc();

}
