package io.github.replicarouting.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the kernel says is running, read from /proc rather than from the fixture's own
 * bookkeeping: a test of process clean-up must not trust the code it tests.
 */
final class ProcessTable {

	private ProcessTable() {
	}

	/**
	 * Command lines of live processes that contain {@code text}. Zombies have an empty command
	 * line and do not count: they run nothing and hold no port.
	 */
	static List<String> commandLinesContaining(String text) throws IOException {
		try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
			return entries.filter((entry) -> entry.getFileName().toString().chars().allMatch(Character::isDigit))
				.map(ProcessTable::commandLine)
				.filter((line) -> line.contains(text))
				.toList();
		}
	}

	private static String commandLine(Path process) {
		try {
			return new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
		}
		catch (IOException ex) {
			// The process exited while we looked.
			return "";
		}
	}

}
