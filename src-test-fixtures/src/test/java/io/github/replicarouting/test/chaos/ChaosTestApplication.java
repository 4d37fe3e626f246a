package io.github.replicarouting.test.chaos;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The application under chaos: the routing library and {@link Workload}, in a package of its own
 * so that its component scan sees nothing else.
 */
@SpringBootApplication
public class ChaosTestApplication {

}
