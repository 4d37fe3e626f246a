package io.github.replicarouting.sample.routing;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class RoutingHistoryController {

	private final RoutingHistory history;

	RoutingHistoryController(RoutingHistory history) {
		this.history = history;
	}

	@GetMapping("/api/routing/history")
	RoutingHistory.Snapshot history() {
		return this.history.snapshot();
	}

}
