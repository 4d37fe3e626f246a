package io.github.replicarouting.test.osiv;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The open-session-in-view pattern: an entity loaded by a read-only transaction, its lazy books
 * loaded by the controller outside any transaction on the connection the request's entity
 * manager holds, then another transaction on that same connection. Answers
 * {@code <books>|<port>|<oneTransaction>} for the last transaction.
 */
@RestController
class LibraryController {

	private final Authors authors;

	private final Library library;

	LibraryController(Authors authors, Library library) {
		this.authors = authors;
		this.library = library;
	}

	@GetMapping("/authors/{id}/books-then-read")
	String booksThenRead(@PathVariable("id") long id) {
		Author author = this.authors.findById(id).orElseThrow();
		int books = author.getBooks().size();
		return books + "|" + this.library.read();
	}

	@GetMapping("/authors/{id}/load-books-then-read")
	String loadBooksThenRead(@PathVariable("id") long id) {
		Author author = this.library.author(id);
		int books = author.getBooks().size();
		return books + "|" + this.library.read();
	}

	@PostMapping("/authors/{id}/books-then-write")
	String booksThenWrite(@PathVariable("id") long id) {
		Author author = this.authors.findById(id).orElseThrow();
		int books = author.getBooks().size();
		return books + "|" + this.library.addBook(id, author.getName() + " sequel");
	}

}
