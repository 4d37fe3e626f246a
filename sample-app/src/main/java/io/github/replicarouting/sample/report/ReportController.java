package io.github.replicarouting.sample.report;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ReportController {

	private final ReportService reports;

	ReportController(ReportService reports) {
		this.reports = reports;
	}

	@GetMapping("/api/reports/countries")
	CountryReport countries(@RequestParam(defaultValue = "30") int days) {
		return this.reports.countries(days);
	}

	@GetMapping("/api/events")
	List<EventView> latest() {
		return this.reports.latest();
	}

	@PostMapping("/api/events")
	@ResponseStatus(HttpStatus.CREATED)
	EventView record(@RequestBody ReportService.EventInput input) {
		return this.reports.record(input);
	}

}
