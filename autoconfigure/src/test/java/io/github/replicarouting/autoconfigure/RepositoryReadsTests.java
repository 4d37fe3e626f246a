package io.github.replicarouting.autoconfigure;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.github.replicarouting.H2Targets;
import io.github.replicarouting.ReadOnlyRouteViolationException;
import io.github.replicarouting.ReplicaRouting;
import io.github.replicarouting.RoutingDecision;
import io.github.replicarouting.RoutingListener;
import io.github.replicarouting.RoutingReason;
import io.github.replicarouting.autoconfigure.app.Item;
import io.github.replicarouting.autoconfigure.app.ItemRepository;
import io.github.replicarouting.autoconfigure.app.TestApplication;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.data.domain.Example;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Spring Data repository methods called outside a transaction ({@code replica-routing.repository-reads}),
 * each asked of the databases themselves: every H2 database knows its name, and its first item is
 * named after it. Each call runs on a thread of its own, so that its consistency scope is the
 * thread's and starts with no write; the window is long, so a write is always recent.
 */
@SpringBootTest(classes = TestApplication.class, properties = { "spring.jpa.hibernate.ddl-auto=none",
		"spring.jpa.open-in-view=false", "spring.flyway.enabled=false", "replica-routing.read-your-writes.window=1m" })
@Import(RepositoryReadsTests.LastDecision.class)
class RepositoryReadsTests {

	static final H2Targets databases = H2Targets.create("primary", "replica-1", "replica-2");

	@DynamicPropertySource
	static void routing(DynamicPropertyRegistry registry) {
		databases.properties().forEach((key, value) -> registry.add(key, () -> value));
	}

	@Autowired
	ItemRepository items;

	@Autowired
	LastDecision last;

	@Autowired
	ReplicaRouting routing;

	@Autowired
	TransactionTemplate transactions;

	@Test
	void derivedAndDeclaredQueriesShouldReadOnAReplica() {
		onNewThread(() -> {
			assertThat(this.items.findFirstByOrderByIdAsc().getName()).startsWith("replica-");
			assertThat(this.last.take().reason()).isEqualTo(RoutingReason.READ_YOUR_WRITES);
			assertThat(this.items.whoami()).startsWith("replica-");
			assertThat(this.items.findAll(Example.of(new Item(null)))).singleElement()
				.extracting(Item::getName)
				.asString()
				.startsWith("replica-");
			return null;
		});
	}

	@Test
	void readsAfterAWriteOfTheSameScopeShouldSeeIt() {
		onNewThread(() -> {
			String name = "saved-" + System.nanoTime();
			this.items.save(new Item(name));
			assertThat(this.items.findFirstByOrderByIdAsc().getName()).isEqualTo("primary");
			RoutingDecision decision = this.last.take();
			assertThat(decision.target()).isEqualTo("primary");
			assertThat(decision.reason()).isEqualTo(RoutingReason.READ_YOUR_WRITES);
			// Inherited reads too: they see the save.
			assertThat(this.items.findAll()).extracting(Item::getName).contains(name);
			assertThat(this.items.exists(Example.of(new Item(name)))).isTrue();
			assertThat(this.items.count((root, query, builder) -> builder.equal(root.get("name"), name))).isOne();
			assertThat(this.last.take().reason()).isEqualTo(RoutingReason.READ_YOUR_WRITES);
			return null;
		});
	}

	@Test
	void readsInsideARunningTransactionShouldKeepItsConnection() {
		onNewThread(() -> this.transactions.execute((status) -> {
			assertThat(this.items.whoami()).isEqualTo("primary");
			assertThat(this.items.findFirstByOrderByIdAsc().getName()).isEqualTo("primary");
			return null;
		}));
		TransactionTemplate readOnly = new TransactionTemplate(this.transactions.getTransactionManager());
		readOnly.setReadOnly(true);
		onNewThread(() -> readOnly.execute((status) -> {
			String where = this.items.whoami();
			assertThat(where).startsWith("replica-");
			assertThat(this.items.findFirstByOrderByIdAsc().getName()).isEqualTo(where);
			return null;
		}));
	}

	@Test
	void derivedDeleteShouldNotBeRoutedAsARead() {
		onNewThread(() -> {
			assertThat(this.items.deleteByName("no-such-item")).isZero();
			RoutingDecision decision = this.last.take();
			assertThat(decision.target()).isEqualTo("primary");
			assertThat(decision.reason()).isEqualTo(RoutingReason.NON_TRANSACTIONAL);
			return null;
		});
	}

	@Test
	void usePrimaryAndTheProgrammaticApiShouldWin() {
		onNewThread(() -> {
			assertThat(this.items.whoamiOnPrimary()).isEqualTo("primary");
			assertThat(this.routing.onPrimary(this.items::whoami)).isEqualTo("primary");
			return null;
		});
	}

	@Test
	void writeDeclaredAsAPlainQueryShouldFailNamingTheMethodAndWriteNothing() {
		String name = "undeclared-" + System.nanoTime();
		onNewThread(() -> {
			assertThatExceptionOfType(ReadOnlyRouteViolationException.class)
				.isThrownBy(() -> this.items.insertUndeclared(name))
				.withMessageContaining(ItemRepository.class.getName() + ".insertUndeclared")
				.withMessageContaining("replica-routing.repository-reads")
				.withMessageContaining("@Transactional");
			return null;
		});
		for (String database : List.of("primary", "replica-1", "replica-2")) {
			assertThat(databases.count(database, "select count(*) from item where name = '" + name + "'")).isZero();
		}
	}

	@Nested
	@TestPropertySource(properties = "replica-routing.repository-reads=replica")
	class ReplicaMode {

		@Test
		void readsAfterAWriteOfTheSameScopeShouldStayOnAReplica() {
			onNewThread(() -> {
				RepositoryReadsTests.this.items.save(new Item("saved-" + System.nanoTime()));
				assertThat(RepositoryReadsTests.this.items.findFirstByOrderByIdAsc().getName()).startsWith("replica-");
				assertThat(RepositoryReadsTests.this.last.take().reason()).isEqualTo(RoutingReason.READ_ONLY);
				return null;
			});
		}

	}

	@Nested
	@TestPropertySource(properties = "replica-routing.repository-reads=primary")
	class PrimaryMode {

		@Test
		void queryMethodsShouldFollowNonTransactionalReadsAndInheritedReadsTheirTransaction() {
			onNewThread(() -> {
				assertThat(RepositoryReadsTests.this.items.whoami()).isEqualTo("primary");
				assertThat(RepositoryReadsTests.this.last.take().reason()).isEqualTo(RoutingReason.NON_TRANSACTIONAL);
				assertThat(RepositoryReadsTests.this.items.findAll()).singleElement()
					.extracting(Item::getName)
					.asString()
					.startsWith("replica-");
				assertThat(RepositoryReadsTests.this.last.take().reason()).isEqualTo(RoutingReason.READ_ONLY);
				return null;
			});
		}

	}

	private static <T> T onNewThread(Supplier<T> work) {
		CompletableFuture<T> result = new CompletableFuture<>();
		Thread thread = new Thread(() -> {
			try {
				result.complete(work.get());
			}
			catch (Throwable ex) {
				result.completeExceptionally(ex);
			}
		});
		thread.start();
		try {
			return result.get(30, TimeUnit.SECONDS);
		}
		catch (java.util.concurrent.ExecutionException ex) {
			if (ex.getCause() instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException(ex.getCause());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The last routing decision of the current thread.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class LastDecision implements RoutingListener {

		private final ThreadLocal<RoutingDecision> last = new ThreadLocal<>();

		@Override
		public void onRouted(RoutingDecision decision) {
			this.last.set(decision);
		}

		@Nullable RoutingDecision take() {
			RoutingDecision decision = this.last.get();
			this.last.remove();
			return decision;
		}

	}

}
