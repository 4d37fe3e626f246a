package io.github.replicarouting.test.mariadb;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

import io.github.replicarouting.test.app.LastRouting;

/**
 * The application of the vendor-neutral scenarios: the routing library from auto-configuration
 * and the beans below, imported one by one so that it never sees the beans of the module's other
 * test applications. A JDBC application: no JPA, which this module's tests have for the
 * repository-reads scenarios (Hibernate cannot read its dialect through MySQL Connector/J from a
 * MariaDB server, whose information schema lacks MySQL's keyword table).
 */
@SpringBootConfiguration
@EnableAutoConfiguration(excludeName = { "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
		"org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration" })
@Import({ VendorSql.class, ServerReads.class, Notes.class, LastRouting.class })
public class VendorTestApplication {

}
