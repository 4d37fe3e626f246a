package io.github.replicarouting.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.Yaml;

import org.springframework.boot.json.JsonParserFactory;

/**
 * The PromQL queries of the shipped Grafana dashboard and Prometheus alert rules, checked against
 * a real scrape of {@code /actuator/prometheus}: every metric they use must be published, with
 * every label they select on, group by or show in a legend.
 */
final class MonitoringQueries {

	static final Path DASHBOARD = Path.of("monitoring/grafana/replica-routing-dashboard.json");

	static final Path ALERT_RULES = Path.of("monitoring/prometheus/replica-routing-alerts.yml");

	/**
	 * Labels that Prometheus adds to every series it scrapes: never in the scrape itself.
	 */
	static final Set<String> PROMETHEUS_LABELS = Set.of("job", "instance");

	private static final Pattern METRIC = Pattern.compile("\\b((?:replica_routing|hikaricp|resilience4j)_[a-z0-9_]+)\\b");

	private static final Pattern SELECTOR = Pattern.compile("\\b([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)}");

	private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)");

	private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without|on|ignoring)\\s*\\(([^)]*)\\)");

	private static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*}}");

	private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\)");

	private MonitoringQueries() {
	}

	/** A query, where it comes from, and the labels its results are shown by. */
	record Query(String source, String expr, Set<String> shownBy) {

	}

	/**
	 * Every query of the dashboard (panel targets with their legends, template variables) and of
	 * the alert rules.
	 * @param root the repository's root
	 * @return the queries
	 */
	static List<Query> all(Path root) {
		List<Query> queries = new ArrayList<>();
		dashboard(JsonParserFactory.getJsonParser().parseMap(read(root.resolve(DASHBOARD))), "dashboard", queries);
		Map<String, Object> rules = new Yaml().load(read(root.resolve(ALERT_RULES)));
		for (Object group : (List<?>) rules.get("groups")) {
			for (Object rule : (List<?>) ((Map<?, ?>) group).get("rules")) {
				Map<?, ?> map = (Map<?, ?>) rule;
				queries.add(new Query("alert " + map.get("alert"), (String) map.get("expr"), Set.of()));
			}
		}
		return queries;
	}

	private static void dashboard(Object node, String where, List<Query> queries) {
		if (node instanceof Map<?, ?> map) {
			Object title = map.get("title");
			String here = (title != null) ? where + " > " + title : where;
			if (map.get("expr") instanceof String expr) {
				Set<String> shownBy = new TreeSet<>();
				if (map.get("legendFormat") instanceof String legend) {
					LEGEND_LABEL.matcher(legend).results().forEach((result) -> shownBy.add(result.group(1)));
				}
				queries.add(new Query(here, expr, shownBy));
			}
			if (map.get("query") instanceof String query) {
				Matcher values = LABEL_VALUES.matcher(query);
				if (values.matches()) {
					queries.add(new Query(here + " (variable)", values.group(1), Set.of(values.group(2))));
				}
			}
			map.values().forEach((value) -> dashboard(value, here, queries));
		}
		else if (node instanceof List<?> list) {
			list.forEach((value) -> dashboard(value, where, queries));
		}
	}

	/**
	 * What {@code query} uses that the scrape does not have.
	 * @param query the query
	 * @param scrape the labels of each metric in the scrape
	 * @return a description of each problem, none when all exists
	 */
	static List<String> missing(Query query, Map<String, Set<String>> scrape) {
		List<String> problems = new ArrayList<>();
		Set<String> metrics = new LinkedHashSet<>();
		METRIC.matcher(query.expr()).results().forEach((result) -> metrics.add(result.group(1)));
		Set<String> known = new TreeSet<>(PROMETHEUS_LABELS);
		boolean checkable = false;
		for (String metric : metrics) {
			if (!scrape.containsKey(metric)) {
				problems.add(query.source() + ": no metric " + metric + " in " + query.expr());
				continue;
			}
			checkable = true;
			known.addAll(scrape.get(metric));
		}
		Matcher selector = SELECTOR.matcher(query.expr());
		while (selector.find()) {
			String metric = selector.group(1);
			if (!scrape.containsKey(metric)) {
				continue;
			}
			MATCHER.matcher(selector.group(2)).results().map((result) -> result.group(1))
				.filter((label) -> !PROMETHEUS_LABELS.contains(label) && !scrape.get(metric).contains(label))
				.forEach((label) -> problems.add(query.source() + ": " + metric + " has no label " + label));
		}
		if (checkable) {
			Set<String> grouped = new TreeSet<>(query.shownBy());
			GROUPING.matcher(query.expr()).results()
				.forEach((result) -> List.of(result.group(1).split(",")).forEach((label) -> {
					if (!label.isBlank()) {
						grouped.add(label.trim());
					}
				}));
			grouped.stream().filter((label) -> !known.contains(label))
				.forEach((label) -> problems.add(query.source() + ": no label " + label + " on " + metrics));
		}
		return problems;
	}

	/**
	 * The metrics of a Prometheus scrape, each with its label names.
	 * @param text the scrape, in Prometheus' text format
	 * @return the label names, by metric name
	 */
	static Map<String, Set<String>> parseScrape(String text) {
		Map<String, Set<String>> metrics = new TreeMap<>();
		Pattern sample = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s");
		Pattern label = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");
		for (String line : text.split("\n")) {
			Matcher matcher = sample.matcher(line);
			if (line.startsWith("#") || !matcher.find()) {
				continue;
			}
			Set<String> labels = metrics.computeIfAbsent(matcher.group(1), (key) -> new TreeSet<>());
			if (matcher.group(2) != null) {
				label.matcher(matcher.group(2)).results().forEach((result) -> labels.add(result.group(1)));
			}
		}
		return metrics;
	}

	private static String read(Path path) {
		try {
			return Files.readString(path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
