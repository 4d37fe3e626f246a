package io.github.replicarouting.sample;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.github.replicarouting.demo.EmbeddedCluster;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.ContextConfiguration;

/**
 * The sample app on a random port in its embedded mode, as {@code spring-boot:test-run} runs it:
 * a real replicated PostgreSQL and the demo controls. Test classes with this annotation share one
 * application context, so one cluster; each test leaves every replica running and replaying.
 * Background traffic is off, so that what a test sees is what it did.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "sample.demo.traffic=false")
@ContextConfiguration(initializers = EmbeddedCluster.class)
@interface EmbeddedSampleAppTest {

}
