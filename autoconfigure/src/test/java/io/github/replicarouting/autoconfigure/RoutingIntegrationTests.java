package io.github.replicarouting.autoconfigure;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import javax.sql.DataSource;

import io.github.replicarouting.H2Targets;
import io.github.replicarouting.ReadOnlyRouteViolationException;
import io.github.replicarouting.ReplicaRouting;
import io.github.replicarouting.ReplicaRoutingDataSource;
import io.github.replicarouting.autoconfigure.app.InterfaceDeclared;
import io.github.replicarouting.autoconfigure.app.Item;
import io.github.replicarouting.autoconfigure.app.ItemRepository;
import io.github.replicarouting.autoconfigure.app.PrimaryByClassService;
import io.github.replicarouting.autoconfigure.app.ReadOnlyByClassService;
import io.github.replicarouting.autoconfigure.app.RoutedService;
import io.github.replicarouting.autoconfigure.app.TestApplication;
import io.github.replicarouting.autoconfigure.app.Whoami;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Where statements really run, asked of the databases themselves, for each routing rule.
 * Repository reads outside a transaction go to a replica whatever this thread wrote before
 * ({@code repository-reads: replica}); {@link RepositoryReadsTests} covers the other settings.
 */
@SpringBootTest(classes = TestApplication.class, properties = { "spring.jpa.hibernate.ddl-auto=none",
		"spring.jpa.open-in-view=false", "spring.flyway.enabled=false", "replica-routing.repository-reads=replica" })
class RoutingIntegrationTests {

	static final H2Targets databases = H2Targets.create("primary", "replica-1", "replica-2");

	@DynamicPropertySource
	static void routing(DynamicPropertyRegistry registry) {
		databases.properties().forEach((key, value) -> registry.add(key, () -> value));
	}

	@Autowired
	RoutedService service;

	@Autowired
	ReadOnlyByClassService readOnlyByClass;

	@Autowired
	PrimaryByClassService primaryByClass;

	@Autowired
	InterfaceDeclared interfaceDeclared;

	@Autowired
	ItemRepository items;

	@Autowired
	ReplicaRouting routing;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	DataSource dataSource;

	@Autowired
	TransactionTemplate transactions;

	@Test
	void dataSourceIsTheRoutingDataSource() {
		assertThat(this.dataSource).isInstanceOf(ReplicaRoutingDataSource.class);
	}

	@Test
	void readOnlyTransactionShouldRunOnReplica() {
		assertThat(this.service.readOnly()).startsWith("replica-");
	}

	@Test
	void readWriteTransactionShouldRunOnPrimary() {
		assertThat(this.service.readWrite()).isEqualTo("primary");
	}

	@Test
	void readOnlyMethodJoiningReadWriteTransactionShouldStayOnPrimary() {
		assertThat(this.service.readWriteThenJoinedReadOnly()).containsExactly("primary", "primary");
	}

	@Test
	void readOnlyMethodRunningFirstStatementOfJoinedReadWriteTransactionShouldStayOnPrimary() {
		assertThat(this.service.readWriteCallingJoinedReadOnlyFirst()).isEqualTo("primary");
	}

	@Test
	void requiresNewReadOnlyInsideReadWriteShouldRunOnReplica() {
		String[] where = this.service.readWriteThenRequiresNewReadOnly();
		assertThat(where[0]).isEqualTo("primary");
		assertThat(where[1]).startsWith("replica-");
		assertThat(where[2]).isEqualTo("primary");
	}

	@Test
	void noTransactionShouldRunOnPrimaryByDefault() {
		assertThat(this.service.noTransaction()).isEqualTo("primary");
	}

	@Test
	void usePrimaryShouldForceReadOnlyTransactionToPrimary() {
		assertThat(this.service.usePrimaryReadOnly()).isEqualTo("primary");
	}

	@Test
	void classLevelReadOnlyShouldRouteInheritingMethodsToReplica() {
		assertThat(this.readOnlyByClass.inherited()).startsWith("replica-");
		assertThat(this.readOnlyByClass.overriddenReadWrite()).isEqualTo("primary");
	}

	@Test
	void classLevelUsePrimaryShouldForcePrimary() {
		assertThat(this.primaryByClass.readOnly()).isEqualTo("primary");
	}

	@Test
	void annotationsDeclaredOnInterfaceShouldRoute() {
		assertThat(this.interfaceDeclared.readOnly()).startsWith("replica-");
		assertThat(this.interfaceDeclared.usePrimary()).isEqualTo("primary");
	}

	@Test
	void programmaticApiShouldRoute() {
		String onPrimary = this.routing.onPrimary(() -> this.transactions.execute((status) -> Whoami.ask(this.jdbc)));
		String onReplica = this.routing.onReplica(() -> this.transactions.execute((status) -> Whoami.ask(this.jdbc)));
		assertThat(onPrimary).isEqualTo("primary");
		assertThat(onReplica).startsWith("replica-");
		assertThat(this.routing.onReplica(() -> Whoami.ask(this.jdbc))).startsWith("replica-");
	}

	@Test
	void springDataRepositoryReadsShouldRunOnReplicaAndWritesOnPrimary() {
		assertThat(this.items.whoami()).startsWith("replica-");
		assertThat(this.items.whoamiReadOnly()).startsWith("replica-");
		List<String> names = this.items.findAll().stream().map(Item::getName).toList();
		assertThat(names).singleElement().asString().startsWith("replica-");
		String name = "saved-" + System.nanoTime();
		this.items.save(new Item(name));
		assertThat(databases.count("primary", "select count(*) from item where name = '" + name + "'")).isOne();
		assertThat(databases.count("replica-1", "select count(*) from item where name = '" + name + "'")).isZero();
		assertThat(databases.count("replica-2", "select count(*) from item where name = '" + name + "'")).isZero();
	}

	@Test
	void writeInReadOnlyTransactionShouldFailNamingTheMethod() {
		assertThatExceptionOfType(ReadOnlyRouteViolationException.class).isThrownBy(this.service::writeInReadOnly)
			.withMessageContaining(RoutedService.class.getName() + ".writeInReadOnly")
			.withMessageContaining("@UsePrimary")
			.satisfies((ex) -> assertThat(ex.getMethod()).isEqualTo(RoutedService.class.getName() + ".writeInReadOnly"));
		assertThat(databases.count("replica-1", "select count(*) from item where name = 'refused'")).isZero();
		assertThat(databases.count("replica-2", "select count(*) from item where name = 'refused'")).isZero();
	}

	@Test
	void writeThroughRepositoryInsideReadOnlyTransactionShouldFail() {
		TransactionTemplate readOnly = new TransactionTemplate(this.transactions.getTransactionManager());
		readOnly.setReadOnly(true);
		readOnly.setName("ReportService.buildReport");
		assertThatExceptionOfType(ReadOnlyRouteViolationException.class)
			.isThrownBy(() -> readOnly.executeWithoutResult((status) -> this.items.saveAndFlush(new Item("refused"))))
			.withMessageContaining("ReportService.buildReport");
	}

	@Test
	void readYourWritesShouldReadOnPrimaryRightAfterAWriteOfTheSameThread() {
		this.service.write("mine");
		assertThat(this.service.readYourWrites()).isEqualTo("primary");
		assertThat(this.service.readOnly()).startsWith("replica-");
	}

	@Test
	void metadataBeforeFirstStatementShouldNotFixTheRoute() throws Exception {
		TransactionTemplate readOnly = new TransactionTemplate(this.transactions.getTransactionManager());
		readOnly.setReadOnly(true);
		String where = readOnly.execute((status) -> this.jdbc.execute((Connection connection) -> {
			// What instrumentation wrappers ask right after getConnection().
			connection.getMetaData().getDatabaseProductName();
			connection.getMetaData().getURL();
			try (Statement statement = connection.createStatement();
					ResultSet resultSet = statement.executeQuery("select name from whoami")) {
				resultSet.next();
				return resultSet.getString(1);
			}
		}));
		assertThat(where).startsWith("replica-");
	}

	@Test
	void connectionHeldAcrossTransactionsShouldBeRoutedAgainForEach() throws Exception {
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setReadOnly(true);
			connection.setAutoCommit(false);
			assertThat(whoami(connection)).startsWith("replica-");
			connection.commit();
			connection.setAutoCommit(true);
			connection.setReadOnly(false);
			connection.setAutoCommit(false);
			assertThat(whoami(connection)).isEqualTo("primary");
			connection.commit();
			connection.setAutoCommit(true);
		}
	}

	@Test
	void transactionOnAConnectionHeldSinceReplicaWorkOutsideOneShouldBeRoutedAfresh() throws Exception {
		try (Connection connection = this.dataSource.getConnection()) {
			assertThat(this.routing.onReplica(() -> whoamiUnchecked(connection))).startsWith("replica-");
			connection.setAutoCommit(false);
			assertThat(whoami(connection)).isEqualTo("primary");
			try (Statement statement = connection.createStatement()) {
				statement.executeUpdate("insert into item (name) values ('after a replica read')");
			}
			connection.commit();
			connection.setAutoCommit(true);
		}
		assertThat(databases.count("primary", "select count(*) from item where name = 'after a replica read'")).isOne();
	}

	@Test
	void workOutsideATransactionShouldNotInheritTheRouteOfOtherWorkOnAHeldConnection() throws Exception {
		try (Connection connection = this.dataSource.getConnection()) {
			assertThat(this.routing.onReplica(() -> whoamiUnchecked(connection))).startsWith("replica-");
			// non-transactional-reads is primary: the replica route belonged to the work inside onReplica.
			assertThat(whoami(connection)).isEqualTo("primary");
			assertThat(this.routing.onReplica(() -> whoamiUnchecked(connection))).startsWith("replica-");
		}
	}

	private static String whoamiUnchecked(Connection connection) {
		try {
			return whoami(connection);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String whoami(Connection connection) throws Exception {
		try (Statement statement = connection.createStatement();
				ResultSet resultSet = statement.executeQuery("select name from whoami")) {
			resultSet.next();
			return resultSet.getString(1);
		}
	}

}
