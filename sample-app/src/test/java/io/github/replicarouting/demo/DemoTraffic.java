package io.github.replicarouting.demo;

import java.util.concurrent.ThreadLocalRandom;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.replicarouting.sample.dashboard.DashboardService;
import io.github.replicarouting.sample.report.ReportService;

import org.springframework.core.env.Environment;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Background traffic for the demo: a few events recorded per second (writes, so a replica whose
 * replay is paused visibly falls behind) and a few reads, so the page's chart moves. On by
 * default in the embedded mode ({@code sample.demo.traffic=false} turns it off); the page
 * switches it.
 */
class DemoTraffic {

	private static final Log logger = LogFactory.getLog(DemoTraffic.class);

	private static final String[] COUNTRIES = { "US", "DE", "FR", "GB", "JP", "BR", "IN" };

	private final ReportService reports;

	private final DashboardService dashboards;

	private volatile boolean enabled;

	private long ticks;

	DemoTraffic(ReportService reports, DashboardService dashboards, Environment environment) {
		this.reports = reports;
		this.dashboards = dashboards;
		this.enabled = environment.getProperty("sample.demo.traffic", Boolean.class, true);
	}

	boolean isEnabled() {
		return this.enabled;
	}

	void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	@Scheduled(fixedDelay = 250, initialDelay = 2000)
	void tick() {
		if (!this.enabled) {
			return;
		}
		try {
			ThreadLocalRandom random = ThreadLocalRandom.current();
			boolean purchase = random.nextInt(10) == 0;
			this.reports.record(new ReportService.EventInput(purchase ? "purchase" : "page_view",
					COUNTRIES[random.nextInt(COUNTRIES.length)], 1 + random.nextInt(5000),
					purchase ? 500 + random.nextInt(20000) : 0));
			if (this.ticks++ % 2 == 0) {
				this.dashboards.list();
			}
			else {
				this.reports.latest();
			}
		}
		catch (RuntimeException ex) {
			// The demo kills servers on purpose; the traffic goes on.
			logger.debug("Demo traffic: " + ex.getMessage());
		}
	}

}
