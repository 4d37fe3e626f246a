package io.github.replicarouting;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import com.zaxxer.hikari.HikariDataSource;

/**
 * One in-memory H2 database per target, each knowing its own name ({@code select name from
 * whoami}), with an {@code item} table seeded with one row named after the database, so that a
 * test can ask where a statement really ran.
 */
public final class H2Targets {

	private final Map<String, String> urls = new LinkedHashMap<>();

	private H2Targets() {
	}

	public static H2Targets create(String... names) {
		H2Targets targets = new H2Targets();
		String run = UUID.randomUUID().toString().substring(0, 8);
		for (String name : names) {
			String url = "jdbc:h2:mem:" + name + "-" + run + ";DB_CLOSE_DELAY=-1";
			targets.urls.put(name, url);
			targets.execute(name, "create table whoami (name varchar(50))", "insert into whoami values ('" + name + "')",
					"create table item (id bigint auto_increment primary key, name varchar(100))",
					"insert into item (name) values ('" + name + "')");
		}
		return targets;
	}

	/**
	 * Add a user with a password to every database, for tests that look for leaked secrets.
	 */
	public H2Targets withUser(String user, String password) {
		this.urls.keySet().forEach((name) -> execute(name, "create user " + user + " password '" + password + "' admin"));
		return this;
	}

	/**
	 * A routing target over the named database, on a pool of two connections added to
	 * {@code pools}, which the test closes.
	 */
	public RoutingTarget pooled(String name, List<HikariDataSource> pools) {
		return pooled(name, pools, (pool) -> {
		});
	}

	/**
	 * A routing target over the named database, on a pool of two connections with the test's own
	 * settings, added to {@code pools}, which the test closes.
	 */
	public RoutingTarget pooled(String name, List<HikariDataSource> pools, Consumer<HikariDataSource> settings) {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(url(name));
		pool.setUsername("sa");
		pool.setMaximumPoolSize(2);
		settings.accept(pool);
		pools.add(pool);
		return new RoutingTarget(name, pool, url(name), 1);
	}

	public String url(String name) {
		return this.urls.get(name);
	}

	public Map<String, String> properties() {
		Map<String, String> properties = new LinkedHashMap<>();
		this.urls.forEach((name, url) -> {
			if (name.equals("primary")) {
				properties.put("replica-routing.primary.url", url);
				properties.put("replica-routing.primary.username", "sa");
			}
			else {
				properties.put("replica-routing.replicas." + name + ".url", url);
			}
		});
		return properties;
	}

	public String[] propertyPairs() {
		return properties().entrySet().stream().map((e) -> e.getKey() + "=" + e.getValue()).toArray(String[]::new);
	}

	public void execute(String name, String... statements) {
		try (Connection connection = DriverManager.getConnection(this.urls.get(name), "sa", "");
				Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public long count(String name, String sql) {
		try (Connection connection = DriverManager.getConnection(this.urls.get(name), "sa", "");
				Statement statement = connection.createStatement();
				var resultSet = statement.executeQuery(sql)) {
			resultSet.next();
			return resultSet.getLong(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
