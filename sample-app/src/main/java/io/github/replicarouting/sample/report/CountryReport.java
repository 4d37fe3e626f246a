package io.github.replicarouting.sample.report;

import java.time.LocalDate;
import java.util.List;

/**
 * Revenue and conversion per country over the last days.
 *
 * @param since the first day counted
 * @param countries one row per country, highest revenue first
 */
public record CountryReport(LocalDate since, List<Row> countries) {

	/**
	 * One country.
	 *
	 * @param country two-letter country code
	 * @param events how many events
	 * @param users how many distinct users
	 * @param purchases how many purchases
	 * @param revenueCents their revenue
	 */
	public record Row(String country, long events, long users, long purchases, long revenueCents) {

	}

}
