package io.github.replicarouting.sample.dashboard;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * Dashboards. Spring Data's read methods are {@code @Transactional(readOnly = true)}, so called
 * on their own they run on a replica.
 */
interface DashboardRepository extends JpaRepository<Dashboard, Long> {

	List<Dashboard> findAllByOrderByIdAsc();

}
