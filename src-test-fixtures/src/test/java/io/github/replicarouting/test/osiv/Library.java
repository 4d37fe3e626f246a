package io.github.replicarouting.test.osiv;

import jakarta.persistence.EntityManager;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Transactions on the request's entity manager, each reporting where it ran by the server's own
 * account.
 */
@Service
public class Library {

	private final Authors authors;

	private final EntityManager entityManager;

	Library(Authors authors, EntityManager entityManager) {
		this.authors = authors;
		this.entityManager = entityManager;
	}

	@Transactional
	public long addAuthor(String name, int books) {
		Author author = this.authors.save(new Author(name));
		for (int i = 0; i < books; i++) {
			this.entityManager.persist(new Book(name + " " + i, author));
		}
		return author.getId();
	}

	/**
	 * Load an author in a read-only transaction of this service, as an application's own service
	 * method would; its books stay unloaded.
	 * @param id the author's id
	 * @return the author
	 */
	@Transactional(readOnly = true)
	public Author author(long id) {
		return this.authors.findById(id).orElseThrow();
	}

	@Transactional(readOnly = true)
	public Served read() {
		return served();
	}

	@Transactional
	public Served addBook(long authorId, String title) {
		this.entityManager.persist(new Book(title, this.authors.getReferenceById(authorId)));
		this.entityManager.flush();
		return served();
	}

	/**
	 * Two statements: the first says which server runs them; they ran in one database transaction
	 * when both see the same transaction start time ({@code now()}).
	 */
	private Served served() {
		Object[] first = (Object[]) this.entityManager.createNativeQuery("select inet_server_port(), now()::text")
			.getSingleResult();
		Object second = this.entityManager.createNativeQuery("select now()::text").getSingleResult();
		return new Served(((Number) first[0]).intValue(), first[1].equals(second));
	}

	/**
	 * Where a transaction ran.
	 *
	 * @param port the port of the server that ran it
	 * @param oneTransaction whether its statements ran in one database transaction
	 */
	public record Served(int port, boolean oneTransaction) {

		@Override
		public String toString() {
			return this.port + "|" + this.oneTransaction;
		}

	}

}
