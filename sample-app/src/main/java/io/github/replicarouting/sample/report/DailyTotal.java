package io.github.replicarouting.sample.report;

import java.time.LocalDate;

/**
 * Events and revenue of one day.
 *
 * @param day the day
 * @param events how many events it had
 * @param revenueCents their revenue
 */
public record DailyTotal(LocalDate day, long events, long revenueCents) {

}
