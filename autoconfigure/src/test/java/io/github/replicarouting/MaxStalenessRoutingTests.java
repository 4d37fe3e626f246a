package io.github.replicarouting;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link MaxStaleness}, applied by the {@link ReplicaRoutingAdvisor}: read-only transactions
 * started inside go to replicas whose health proves them within the bound, else to the primary
 * with reason {@code max-staleness}, or fail when fallback is off.
 */
class MaxStalenessRoutingTests {

	private final H2Targets databases = H2Targets.create("primary", "replica-1", "replica-2");

	private final RoutingStatistics statistics = new RoutingStatistics();

	private TargetHealth replica1Health = ServingHealth.staleBy(200);

	private TargetHealth replica2Health = ServingHealth.staleBy(1500);

	@Test
	void readsShouldGoOnlyToReplicasProvedWithinTheBound() {
		Reads reads = reads(routing(true));

		assertThat(reads.within500Millis(6)).containsOnly("replica-1");
		assertThat(reads.within2Seconds(6)).containsOnly("replica-1", "replica-2");
		assertThat(reads.unbounded(6)).containsOnly("replica-1", "replica-2");
	}

	@Test
	void whenNoReplicaIsWithinTheBoundShouldReadOnPrimaryAndSayWhy() {
		this.replica1Health = ServingHealth.staleBy(800);
		Reads reads = reads(routing(true));

		assertThat(reads.within500Millis(3)).containsOnly("primary");
		assertThat(this.statistics.count("primary", RoutingReason.MAX_STALENESS)).isEqualTo(3);
		assertThat(this.statistics.count("primary", RoutingReason.FALLBACK)).isZero();
	}

	@Test
	void aReplicaWhoseStalenessIsUnknownShouldNeverMeetABound() {
		this.replica1Health = TargetHealth.unmonitored();
		this.replica2Health = TargetHealth.unmonitored();
		Reads reads = reads(routing(true));

		assertThat(reads.within2Seconds(3)).containsOnly("primary");
	}

	@Test
	void whenFallbackIsOffShouldFailNamingTheBoundTheMethodAndEachReplica() {
		this.replica1Health = ServingHealth.staleBy(800);
		Reads reads = reads(routing(false));

		assertThatThrownBy(() -> reads.within500Millis(1)).rootCause()
			.isInstanceOf(NoRouteAvailableException.class)
			.hasMessageContaining("@MaxStaleness(500ms) of " + BoundedReads.class.getName() + ".within500Millis")
			.hasMessageContaining("replica-1: up to 800 ms stale")
			.hasMessageContaining("replica-2: up to 1500 ms stale")
			.hasMessageContaining("replica-routing.fallback-to-primary is false");
	}

	@Test
	void nestedBoundsShouldApplyTheStricter() {
		Reads reads = reads(routing(true));

		assertThat(reads.within2SecondsInside500Millis(6)).containsOnly("replica-1");
		assertThat(reads.within500MillisInside2Seconds(6)).containsOnly("replica-1");
	}

	@Test
	void aBoundOnTheClassShouldApplyToItsMethods() {
		ClassBoundReads reads = proxy(new ClassBoundReads(routing(true)));

		assertThat(reads.read(6)).containsOnly("replica-1");
	}

	@Test
	void aValueThatIsNoPositiveDurationShouldFailNamingTheMethod() throws NoSuchMethodException {
		ReplicaRoutingAdvisor advisor = new ReplicaRoutingAdvisor();

		assertThatIllegalArgumentException()
			.isThrownBy(() -> advisor.getPointcut()
				.getMethodMatcher()
				.matches(Misconfigured.class.getMethod("fast"), Misconfigured.class))
			.withMessage("@MaxStaleness(\"fast\") on " + Misconfigured.class.getName()
					+ ".fast: the value is not a duration. Use for example \"500ms\", \"2s\" or \"PT0.5S\".");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> advisor.getPointcut()
				.getMethodMatcher()
				.matches(Misconfigured.class.getMethod("zero"), Misconfigured.class))
			.withMessageContaining("must be greater than 0");
	}

	private ReplicaRoutingDataSource routing(boolean fallbackToPrimary) {
		return ReplicaRoutingDataSource.builder(target("primary"))
			.replica(target("replica-1"))
			.replica(target("replica-2"))
			.fallbackToPrimary(fallbackToPrimary)
			.health(this::health)
			.listener(this.statistics)
			.build();
	}

	private TargetHealth health(RoutingTarget target) {
		return switch (target.name()) {
			case "replica-1" -> this.replica1Health;
			case "replica-2" -> this.replica2Health;
			default -> TargetHealth.unmonitored();
		};
	}

	private RoutingTarget target(String name) {
		String url = this.databases.url(name);
		return new RoutingTarget(name, new DriverManagerDataSource(url, "sa", ""), url, 1);
	}

	private static Reads reads(ReplicaRoutingDataSource dataSource) {
		BoundedReads target = new BoundedReads(dataSource);
		Reads reads = proxy(target);
		target.self = reads;
		return reads;
	}

	@SuppressWarnings("unchecked")
	private static <T> T proxy(T target) {
		ProxyFactory factory = new ProxyFactory(target);
		factory.addAdvisor(new ReplicaRoutingAdvisor());
		return (T) factory.getProxy();
	}

	private static List<String> read(ReplicaRoutingDataSource dataSource, int reads) {
		TransactionTemplate readOnly = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		readOnly.setReadOnly(true);
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		List<String> served = new ArrayList<>();
		for (int i = 0; i < reads; i++) {
			served.add(readOnly.execute((status) -> jdbc.queryForObject("select name from whoami", String.class)));
		}
		return served;
	}

	interface Reads {

		List<String> within500Millis(int reads);

		List<String> within2Seconds(int reads);

		List<String> unbounded(int reads);

		List<String> within2SecondsInside500Millis(int reads);

		List<String> within500MillisInside2Seconds(int reads);

	}

	static class BoundedReads implements Reads {

		private final ReplicaRoutingDataSource dataSource;

		Reads self;

		BoundedReads(ReplicaRoutingDataSource dataSource) {
			this.dataSource = dataSource;
		}

		@Override
		@MaxStaleness("500ms")
		public List<String> within500Millis(int reads) {
			return read(this.dataSource, reads);
		}

		@Override
		@MaxStaleness("PT2S")
		public List<String> within2Seconds(int reads) {
			return read(this.dataSource, reads);
		}

		@Override
		public List<String> unbounded(int reads) {
			return read(this.dataSource, reads);
		}

		@Override
		@MaxStaleness("500ms")
		public List<String> within2SecondsInside500Millis(int reads) {
			return this.self.within2Seconds(reads);
		}

		@Override
		@MaxStaleness("2s")
		public List<String> within500MillisInside2Seconds(int reads) {
			return this.self.within500Millis(reads);
		}

	}

	@MaxStaleness("500ms")
	static class ClassBoundReads {

		private final ReplicaRoutingDataSource dataSource;

		ClassBoundReads(ReplicaRoutingDataSource dataSource) {
			this.dataSource = dataSource;
		}

		public List<String> read(int reads) {
			return MaxStalenessRoutingTests.read(this.dataSource, reads);
		}

	}

	public static class Misconfigured {

		@MaxStaleness("fast")
		public void fast() {
		}

		@MaxStaleness("0s")
		public void zero() {
		}

	}

}
