package io.github.replicarouting.sample.dashboard;

import java.util.List;

import io.github.replicarouting.sample.report.DailyTotal;

/**
 * A dashboard's chart: its events per day over its range.
 *
 * @param dashboard the dashboard, as the chart was computed for it
 * @param days one entry per day that had events, oldest first
 */
public record ChartView(DashboardView dashboard, List<DailyTotal> days) {

}
