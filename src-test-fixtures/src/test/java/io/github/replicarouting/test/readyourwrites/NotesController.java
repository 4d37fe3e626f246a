package io.github.replicarouting.test.readyourwrites;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.github.replicarouting.ConsistencyScope;
import io.github.replicarouting.ConsistencyScopes;
import io.github.replicarouting.test.readyourwrites.Notes.Read;

/**
 * Notes over HTTP. A read answers {@code <port>|<target>|<reason>|<body>}: the server that ran
 * it, where the router sent it and why, and the note's text (empty when the server did not have
 * it).
 */
@RestController
class NotesController {

	private final Notes notes;

	private final Handoffs handoffs;

	private volatile @Nullable PendingWrite pendingWrite;

	NotesController(Notes notes, Handoffs handoffs) {
		this.notes = notes;
		this.handoffs = handoffs;
	}

	@PostMapping("/notes")
	String write(@RequestBody String body) {
		return String.valueOf(this.notes.write(body));
	}

	/**
	 * Write {@code count} notes, each in a transaction of its own, and answer with the
	 * consistency scope's log position after the last one ({@code -} when unknown).
	 */
	@PostMapping("/notes/batch")
	String writeMany(@RequestBody String count) {
		int notes = Integer.parseInt(count.strip());
		for (int i = 0; i < notes; i++) {
			this.notes.write("batch-" + i);
		}
		ConsistencyScope scope = ConsistencyScopes.current();
		return (scope != null && scope.position() >= 0) ? String.valueOf(scope.position()) : "-";
	}

	/**
	 * Start a write on another thread and answer at once; the write waits until the test lets it
	 * go ({@link #pendingWrite()}), after this request has ended.
	 */
	@PostMapping("/notes/later")
	String writeLater(@RequestBody String body) throws InterruptedException {
		CountDownLatch release = new CountDownLatch(1);
		this.pendingWrite = new PendingWrite(release, this.handoffs.writeWhenReleased(body, release));
		return "accepted";
	}

	@Nullable PendingWrite pendingWrite() {
		return this.pendingWrite;
	}

	@GetMapping("/notes/{id}")
	String read(@PathVariable("id") long id) {
		Read read = this.notes.readYourWrites(id);
		String target = (read.decision() != null) ? read.decision().target() : "";
		String reason = (read.decision() != null) ? read.decision().reason().tag() : "";
		return read.port() + "|" + target + "|" + reason + "|" + ((read.body() != null) ? read.body() : "");
	}

	/**
	 * A write started by {@code POST /notes/later}.
	 *
	 * @param release lets it go ahead
	 * @param write its outcome: the note's id
	 */
	record PendingWrite(CountDownLatch release, CompletableFuture<Long> write) {

	}

}
