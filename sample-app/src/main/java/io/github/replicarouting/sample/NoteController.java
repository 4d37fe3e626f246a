package io.github.replicarouting.sample;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/notes")
class NoteController {

	private final NoteService notes;

	NoteController(NoteService notes) {
		this.notes = notes;
	}

	@GetMapping
	List<Note> list() {
		return this.notes.list();
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	Note add(@RequestBody Map<String, String> body) {
		Note note = this.notes.add(body.getOrDefault("text", ""));
		// Read back in the same request: @ReadYourWrites sees the write although replicas lag.
		return this.notes.find(note.id()).stream().findFirst().orElseThrow();
	}

}
