package io.github.replicarouting.sample.dashboard;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/dashboards")
class DashboardController {

	private final DashboardService dashboards;

	DashboardController(DashboardService dashboards) {
		this.dashboards = dashboards;
	}

	@GetMapping
	List<DashboardView> list() {
		return this.dashboards.list();
	}

	@GetMapping("/{id}")
	DashboardView get(@PathVariable long id) {
		return this.dashboards.get(id);
	}

	@GetMapping("/{id}/chart")
	ChartView chart(@PathVariable long id) {
		return this.dashboards.chart(id);
	}

	@PutMapping("/{id}")
	DashboardView update(@PathVariable long id, @RequestBody DashboardSettings settings) {
		return this.dashboards.update(id, settings);
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	DashboardView create(@RequestBody DashboardSettings settings) {
		return this.dashboards.create(settings);
	}

}
