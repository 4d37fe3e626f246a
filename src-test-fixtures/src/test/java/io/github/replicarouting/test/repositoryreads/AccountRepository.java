package io.github.replicarouting.test.repositoryreads;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.querydsl.QuerydslPredicateExecutor;
import org.springframework.transaction.annotation.Transactional;

/**
 * The repository methods a JPA application calls straight from its controllers: derived and
 * declared queries, which Spring Data runs without a transaction, and the inherited CRUD,
 * {@code Example}, {@code Specification} and Querydsl finders.
 */
interface AccountRepository
		extends JpaRepository<Account, Long>, JpaSpecificationExecutor<Account>, QuerydslPredicateExecutor<Account> {

	Optional<Account> findByEmail(String email);

	List<Account> findTop20ByOrderByIdDesc();

	@Query("select a from Account a where a.name = :name")
	List<Account> named(String name);

	long countByName(String name);

	boolean existsByEmail(String email);

	/**
	 * A declared query that asks the server which node runs it.
	 * @return the port of that server
	 */
	@Query(value = "select inet_server_port()", nativeQuery = true)
	int serverPort();

	@Transactional
	@Modifying
	@Query("update Account a set a.name = :name where a.email = :email")
	int rename(String email, String name);

}
