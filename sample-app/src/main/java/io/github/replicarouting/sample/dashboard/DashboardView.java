package io.github.replicarouting.sample.dashboard;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A dashboard as the API shows it.
 *
 * @param id its id
 * @param name its name
 * @param description what it is for
 * @param eventType the event type it charts, or {@code null} for every event
 * @param rangeDays how many days back it charts
 * @param chart {@code line} or {@code bar}
 * @param version how many times it was saved
 * @param updatedAt when it was last saved
 */
public record DashboardView(long id, String name, String description, @Nullable String eventType, int rangeDays, String chart,
		long version, Instant updatedAt) {

}
