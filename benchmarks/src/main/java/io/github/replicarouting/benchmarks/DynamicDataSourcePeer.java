package io.github.replicarouting.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import com.baomidou.dynamic.datasource.toolkit.DynamicDataSourceContextHolder;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * baomidou dynamic-datasource through its Spring Boot 4 starter, configured in properties as its
 * documentation shows for read/write splitting: a data source {@code master} (the primary) and
 * {@code slave_1}, which the underscore puts in group {@code slave}; work marked
 * {@code @DS("slave")} goes to a member of that group (load-balanced), the rest to
 * {@code master}. The library does not look at the transaction's read-only flag, so the
 * benchmark marks the read-only transaction with the programmatic form of {@code @DS("slave")}
 * ({@link DynamicDataSourceContextHolder#push(String)} before the transaction begins,
 * {@link DynamicDataSourceContextHolder#poll()} after), which is what the annotation's
 * interceptor does.
 */
final class DynamicDataSourcePeer {

	private DynamicDataSourcePeer() {
	}

	static TransactionalWork open(Endpoints endpoints) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.main.banner-mode", "off");
		properties.put("logging.level.root", "warn");
		properties.put("spring.datasource.dynamic.primary", "master");
		properties.put("spring.datasource.dynamic.strict", "true");
		properties.put("spring.datasource.dynamic.hikari.max-pool-size", Pools.SIZE);
		dataSource(properties, "master", endpoints.primaryUrl(), endpoints);
		dataSource(properties, "slave_1", endpoints.replicaUrl(), endpoints);
		properties.put("spring.datasource.dynamic.datasource.slave_1.hikari.is-read-only", "true");
		properties.put("spring.datasource.dynamic.datasource.slave_1.hikari.connection-timeout", "5000");
		ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class)
			.web(WebApplicationType.NONE)
			.properties(properties)
			.run();
		DataSource dataSource = context.getBean(DataSource.class);
		return new TransactionalWork(endpoints.database(), dataSource, dataSource, new SlaveGroup(), context);
	}

	private static void dataSource(Map<String, Object> properties, String name, String url, Endpoints endpoints) {
		String prefix = "spring.datasource.dynamic.datasource." + name + ".";
		properties.put(prefix + "type", "com.zaxxer.hikari.HikariDataSource");
		properties.put(prefix + "url", url);
		properties.put(prefix + "username", endpoints.username());
		properties.put(prefix + "password", endpoints.password());
	}

	/**
	 * {@code @DS("slave")}, programmatically.
	 */
	private static final class SlaveGroup implements TransactionalWork.ReadScope {

		@Override
		public void enter() {
			DynamicDataSourceContextHolder.push("slave");
		}

		@Override
		public void exit() {
			DynamicDataSourceContextHolder.poll();
		}

	}

	/**
	 * The smallest Spring Boot application: auto-configuration only.
	 */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Application {

	}

}
