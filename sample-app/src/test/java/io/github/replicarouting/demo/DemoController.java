package io.github.replicarouting.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.github.replicarouting.sample.dashboard.DashboardService;
import io.github.replicarouting.sample.report.ReportService;
import io.github.replicarouting.test.ClusterNode;
import io.github.replicarouting.test.postgresql.ReplicatedPostgres;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The live page's demo controls, on the embedded cluster only: pause and resume a replica's WAL
 * replay (real lag), kill it (SIGKILL) and start it again, run a burst of reads, switch the
 * background traffic. Added by {@link EmbeddedCluster}; never present against external databases.
 */
@RestController
@RequestMapping("/demo")
class DemoController implements DisposableBean {

	private static final int BURST_THREADS = 4;

	private final ReplicatedPostgres cluster;

	private final DashboardService dashboards;

	private final ReportService reports;

	private final DemoTraffic traffic;

	private final Set<String> paused = ConcurrentHashMap.newKeySet();

	private final ExecutorService burstExecutor = Executors.newFixedThreadPool(BURST_THREADS);

	private final BurstRoutes burstRoutes;

	DemoController(ReplicatedPostgres cluster, DashboardService dashboards, ReportService reports,
			DemoTraffic traffic, BurstRoutes burstRoutes) {
		this.cluster = cluster;
		this.burstRoutes = burstRoutes;
		this.dashboards = dashboards;
		this.reports = reports;
		this.traffic = traffic;
	}

	@GetMapping
	Map<String, Object> status() {
		Map<String, Object> replicas = new LinkedHashMap<>();
		for (ClusterNode replica : this.cluster.replicas()) {
			replicas.put(replica.name(),
					Map.of("running", replica.isRunning(), "replayPaused", this.paused.contains(replica.name())));
		}
		return Map.of("replicas", replicas, "traffic", this.traffic.isEnabled());
	}

	@PostMapping("/replicas/{name}/{action}")
	Map<String, Object> replica(@PathVariable String name, @PathVariable String action) {
		ClusterNode replica = replica(name);
		switch (action) {
			case "pause" -> {
				requireRunning(replica);
				this.cluster.pauseReplication(name);
				this.paused.add(name);
			}
			case "resume" -> {
				requireRunning(replica);
				this.cluster.resumeReplication(name);
				this.paused.remove(name);
			}
			case "kill" -> {
				this.cluster.kill(name);
				this.paused.remove(name);
			}
			case "restart" -> {
				if (!replica.isRunning()) {
					this.cluster.start(name);
				}
				// A restarted server replays again: pausing does not survive a restart.
				this.paused.remove(name);
			}
			default -> throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"Unknown action '" + action + "': use pause, resume, kill or restart");
		}
		return status();
	}

	/**
	 * Run {@code count} reads (the country report and the dashboards) on a few threads at once,
	 * and say where they went.
	 */
	@PostMapping("/reads")
	Map<String, Object> burst(@RequestParam(defaultValue = "100") int count) throws Exception {
		if (count < 1 || count > 1000) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "count must be between 1 and 1000");
		}
		long started = System.nanoTime();
		List<Future<Map<String, Integer>>> parts = new ArrayList<>();
		for (int thread = 0; thread < BURST_THREADS; thread++) {
			int reads = count / BURST_THREADS + ((thread < count % BURST_THREADS) ? 1 : 0);
			parts.add(this.burstExecutor.submit(() -> read(reads)));
		}
		Map<String, Integer> routedTo = new TreeMap<>();
		for (Future<Map<String, Integer>> part : parts) {
			part.get().forEach((target, reads) -> routedTo.merge(target, reads, Integer::sum));
		}
		return Map.of("reads", count, "millis", (System.nanoTime() - started) / 1_000_000, "routedTo", routedTo);
	}

	@PostMapping("/traffic")
	Map<String, Object> traffic(@RequestParam boolean on) {
		this.traffic.setEnabled(on);
		return status();
	}

	@Override
	public void destroy() {
		this.burstExecutor.shutdownNow();
	}

	private Map<String, Integer> read(int reads) {
		return this.burstRoutes.record(() -> {
			for (int i = 0; i < reads; i++) {
				if (i % 2 == 0) {
					this.reports.countries(7);
				}
				else {
					this.dashboards.list();
				}
			}
		});
	}

	private ClusterNode replica(String name) {
		try {
			return this.cluster.replica(name);
		}
		catch (IllegalArgumentException ex) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, ex.getMessage());
		}
	}

	private static void requireRunning(ClusterNode replica) {
		if (!replica.isRunning()) {
			throw new ResponseStatusException(HttpStatus.CONFLICT, replica.name() + " is not running: restart it first");
		}
	}

}
