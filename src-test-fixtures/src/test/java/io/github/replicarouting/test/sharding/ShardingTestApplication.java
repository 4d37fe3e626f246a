package io.github.replicarouting.test.sharding;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A tenant-keyed application over two primary+replica groups: {@link TenantNotes}. In a package
 * of its own so that its component scan sees nothing else.
 */
@SpringBootApplication
public class ShardingTestApplication {

}
