package io.github.replicarouting.sample.report;

import java.time.Instant;

/**
 * An event as the API shows it.
 *
 * @param id its id
 * @param occurredAt when it happened
 * @param type {@code page_view}, {@code click}, {@code signup} or {@code purchase}
 * @param country two-letter country code
 * @param userId the user it came from
 * @param revenueCents its revenue, 0 but for purchases
 */
public record EventView(long id, Instant occurredAt, String type, String country, long userId, long revenueCents) {

}
