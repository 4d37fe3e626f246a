package io.github.replicarouting.test.repositoryreads;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

/**
 * A user account, as a typical JPA application has one.
 */
@Entity
class Account {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	@Column(nullable = false, unique = true)
	private String email;

	@Column(nullable = false)
	private String name;

	protected Account() {
	}

	Account(String email, String name) {
		this.email = email;
		this.name = name;
	}

	Long getId() {
		return this.id;
	}

	String getEmail() {
		return this.email;
	}

	String getName() {
		return this.name;
	}

}
