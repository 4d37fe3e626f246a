package io.github.replicarouting.autoconfigure.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class TestApplication {

}
