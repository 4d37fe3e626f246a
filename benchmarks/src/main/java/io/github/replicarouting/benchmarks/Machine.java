package io.github.replicarouting.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * What the suite ran on, for the report: numbers mean little without it.
 *
 * @param cpu the CPU model, as the kernel names it
 * @param cores the processors the JVM sees
 * @param jdk the JDK vendor and version
 * @param os the operating system
 * @param date when the run started (UTC)
 */
record Machine(String cpu, int cores, String jdk, String os, String date) {

	static Machine current() {
		return new Machine(cpuModel(), Runtime.getRuntime().availableProcessors(),
				System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
						+ System.getProperty("java.runtime.version"),
				System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
						+ System.getProperty("os.arch"),
				OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).toString());
	}

	/**
	 * The 1, 5 and 15 minute load averages now: a benchmark shares the machine with whatever
	 * else runs, and the report says how busy it was.
	 */
	static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
			return fields[0] + " / " + fields[1] + " / " + fields[2];
		}
		catch (IOException | RuntimeException ex) {
			return "unknown";
		}
	}

	private static String cpuModel() {
		try {
			return Files.readAllLines(Path.of("/proc/cpuinfo"))
				.stream()
				.filter((line) -> line.startsWith("model name"))
				.map((line) -> line.substring(line.indexOf(':') + 1).trim())
				.findFirst()
				.orElse("unknown");
		}
		catch (IOException | RuntimeException ex) {
			return "unknown";
		}
	}

}
