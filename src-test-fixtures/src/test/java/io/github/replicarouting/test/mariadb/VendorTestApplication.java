package io.github.replicarouting.test.mariadb;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The application of the vendor-neutral scenarios: the routing library from auto-configuration
 * and the beans below, imported one by one so that it never sees the beans of the module's other
 * test applications.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ VendorSql.class, Served.Reads.class, Notes.class, LastDecision.class })
public class VendorTestApplication {

}
