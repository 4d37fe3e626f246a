package io.github.replicarouting.sample.dashboard;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * Dashboards. Called on their own, outside a transaction, its reads (the inherited
 * {@code findById} and the derived {@link #findAllByOrderByIdAsc()} alike) run on a replica, or,
 * right after the same user saved, where {@code @ReadYourWrites} would send them
 * ({@code replica-routing.repository-reads}). Called from {@link DashboardService}, they run in
 * its transactions.
 */
interface DashboardRepository extends JpaRepository<Dashboard, Long> {

	List<Dashboard> findAllByOrderByIdAsc();

}
