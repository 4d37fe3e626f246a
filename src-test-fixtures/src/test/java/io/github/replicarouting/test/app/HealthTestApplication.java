package io.github.replicarouting.test.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A minimal application for the health integration tests: the routing library from
 * auto-configuration, plus {@link ServerPorts} and {@link LastRouting}. In a package of its own
 * so that its component scan sees nothing but them.
 */
@SpringBootApplication
public class HealthTestApplication {

}
