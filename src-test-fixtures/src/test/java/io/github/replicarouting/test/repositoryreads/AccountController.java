package io.github.replicarouting.test.repositoryreads;

import java.util.List;
import java.util.function.Supplier;

import com.querydsl.core.types.Predicate;

import org.springframework.data.domain.Example;
import org.springframework.data.jpa.domain.Specification;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.github.replicarouting.RoutingDecision;

/**
 * Accounts over HTTP, calling the repository straight from the controller as many JPA
 * applications do: no service, no transaction of its own. Each response lists the calls the
 * request made, in order, with the routing decisions each one caused (none when it kept a
 * connection it already had) and what it returned.
 */
@RestController
@RequestMapping("/accounts")
class AccountController {

	private final AccountRepository repository;

	private final Accounts accounts;

	private final Decisions decisions;

	AccountController(AccountRepository repository, Accounts accounts, Decisions decisions) {
		this.repository = repository;
		this.accounts = accounts;
		this.decisions = decisions;
	}

	@GetMapping("/by-email")
	List<Call> byEmail(@RequestParam String email) {
		return List.of(findByEmail(email));
	}

	@GetMapping("/latest")
	List<Call> latest() {
		return List.of(call("findTop20ByOrderByIdDesc", () -> this.repository.findTop20ByOrderByIdDesc().size()));
	}

	@GetMapping("/named")
	List<Call> named(@RequestParam String name) {
		return List.of(call("named", () -> this.repository.named(name).size()),
				call("countByName", () -> this.repository.countByName(name)));
	}

	@GetMapping("/exists")
	List<Call> exists(@RequestParam String email) {
		return List.of(call("existsByEmail", () -> this.repository.existsByEmail(email)),
				call("count", this.repository::count));
	}

	@GetMapping("/finders")
	List<Call> finders(@RequestParam String name) {
		Specification<Account> named = (account, query, criteria) -> criteria.equal(account.get("name"), name);
		Example<Account> example = Example.of(new Account(null, name));
		Predicate predicate = QAccount.account.name.eq(name);
		return List.of(call("findAll(Specification)", () -> this.repository.findAll(named).size()),
				call("count(Specification)", () -> this.repository.count(named)),
				call("findAll(Example)", () -> this.repository.findAll(example).size()),
				call("exists(Example)", () -> this.repository.exists(example)),
				call("findAll(Predicate)", () -> ((List<?>) this.repository.findAll(predicate)).size()),
				call("count(Predicate)", () -> this.repository.count(predicate)));
	}

	@GetMapping("/port")
	List<Call> port() {
		return List.of(call("serverPort", this.repository::serverPort));
	}

	/** Save, then read it back in the same request. */
	@PostMapping
	List<Call> create(@RequestBody String email) {
		return List.of(call("save", () -> this.repository.save(new Account(email, "created")).getId()),
				findByEmail(email));
	}

	/** Read first (nothing there yet), then save, then read again, in the same request. */
	@PostMapping("/after-read")
	List<Call> createAfterRead(@RequestBody String email) {
		return List.of(findByEmail(email),
				call("save", () -> this.repository.save(new Account(email, "created after a read")).getId()),
				findByEmail(email));
	}

	/** Save and read in one read-write transaction. */
	@PostMapping("/in-transaction")
	List<Call> createInTransaction(@RequestBody String email) {
		return List.of(call("createAndFind", () -> this.accounts.createAndFind(email)));
	}

	@PostMapping("/rename")
	List<Call> rename(@RequestParam String email, @RequestBody String name) {
		return List.of(call("rename", () -> this.repository.rename(email, name)));
	}

	private Call findByEmail(String email) {
		return call("findByEmail", () -> this.repository.findByEmail(email).map(Account::getName).orElse(""));
	}

	private Call call(String name, Supplier<Object> work) {
		this.decisions.take();
		Object result = work.get();
		List<RoutingDecision> routed = this.decisions.take();
		return new Call(name, routed.stream().map(RoutingDecision::target).toList(),
				routed.stream().map((decision) -> decision.reason().tag()).toList(), String.valueOf(result));
	}

	/**
	 * One repository call of a request.
	 *
	 * @param name the repository method
	 * @param targets where each connection it took was routed
	 * @param reasons why, as the {@code reason} tag
	 * @param result what it returned
	 */
	record Call(String name, List<String> targets, List<String> reasons, String result) {

	}

}
