package io.github.replicarouting.test.sharding;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@link TenantNotes} over HTTP, so that a client's consistency token carries its writes from one
 * request to the next.
 */
@RestController
class TenantNotesController {

	private final TenantNotes notes;

	TenantNotesController(TenantNotes notes) {
		this.notes = notes;
	}

	@PostMapping("/tenants/{tenant}/notes")
	long write(@PathVariable String tenant, @RequestBody String body) {
		return this.notes.write(tenant, body).id();
	}

	@GetMapping("/tenants/{tenant}/notes/{id}")
	TenantNotes.Read read(@PathVariable String tenant, @PathVariable long id) {
		return this.notes.readYourWrites(tenant, id);
	}

}
