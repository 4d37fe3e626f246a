package io.github.replicarouting.test.repositoryreads;

import org.springframework.transaction.annotation.Transactional;

/**
 * A service that writes and then reads in one read-write transaction: the repository's derived
 * query joins it and runs on its connection.
 */
class Accounts {

	private final AccountRepository repository;

	Accounts(AccountRepository repository) {
		this.repository = repository;
	}

	/**
	 * Create an account and find it again, in one transaction.
	 * @param email its email
	 * @return its name as found, or {@code null} when the read did not see the save
	 */
	@Transactional
	public String createAndFind(String email) {
		this.repository.saveAndFlush(new Account(email, "created in a transaction"));
		return this.repository.findByEmail(email).map(Account::getName).orElse(null);
	}

}
