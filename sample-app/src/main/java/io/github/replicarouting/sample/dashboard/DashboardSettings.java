package io.github.replicarouting.sample.dashboard;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * What a user edits on a dashboard.
 *
 * @param name the dashboard's name
 * @param description what it is for
 * @param eventType the event type it charts ({@code purchase}, {@code signup}, {@code click},
 * {@code page_view}), or {@code null} for every event
 * @param rangeDays how many days back it charts, 1 to 90
 * @param chart {@code line} or {@code bar}
 */
public record DashboardSettings(String name, @Nullable String description, @Nullable String eventType, int rangeDays,
		String chart) {

	/**
	 * Check the settings a client sent.
	 * @return these settings
	 * @throws ResponseStatusException (400) naming the field that is wrong
	 */
	DashboardSettings validated() {
		if (this.name == null || this.name.isBlank() || this.name.length() > 100) {
			throw badRequest("name must be 1 to 100 characters");
		}
		if (this.rangeDays < 1 || this.rangeDays > 90) {
			throw badRequest("rangeDays must be between 1 and 90");
		}
		if (!"line".equals(this.chart) && !"bar".equals(this.chart)) {
			throw badRequest("chart must be 'line' or 'bar'");
		}
		return this;
	}

	private static ResponseStatusException badRequest(String reason) {
		return new ResponseStatusException(HttpStatus.BAD_REQUEST, reason);
	}

}
