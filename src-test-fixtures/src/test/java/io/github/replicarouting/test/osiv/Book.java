package io.github.replicarouting.test.osiv;

import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;

/**
 * A book of an {@link Author}.
 */
@Entity
public class Book {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	private String title;

	@ManyToOne(fetch = FetchType.LAZY)
	private Author author;

	protected Book() {
	}

	Book(String title, Author author) {
		this.title = title;
		this.author = author;
	}

	String getTitle() {
		return this.title;
	}

}
