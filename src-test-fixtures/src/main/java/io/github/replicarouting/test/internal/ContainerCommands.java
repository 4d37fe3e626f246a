package io.github.replicarouting.test.internal;

/**
 * What the shell commands of every database's containers share: a check that the image holds the
 * server's binaries, failing with a line that {@link NodeContainer} finds in the log and reports.
 */
public final class ContainerCommands {

	/** Marks the fixture's own messages in a container's log. */
	public static final String MISSING_TOOL = "replica-routing: missing";

	private ContainerCommands() {
	}

	/** Exits with a line naming the first missing binary, which {@link NodeContainer} reports. */
	public static String checkTools(String binDirectory, String... tools) {
		StringBuilder check = new StringBuilder("export LC_ALL=C\n");
		for (String tool : tools) {
			String path = tool(binDirectory, tool);
			check.append("command -v ")
				.append(path)
				.append(" >/dev/null 2>&1 || { echo \"")
				.append(MISSING_TOOL)
				.append(" ")
				.append(path)
				.append(" (PATH=$PATH)\" >&2; exit 127; }\n");
		}
		return check.toString();
	}

	/** A binary in {@code binDirectory}, or on the {@code PATH} when it is empty. */
	public static String tool(String binDirectory, String name) {
		if (binDirectory.isEmpty()) {
			return name;
		}
		return binDirectory.endsWith("/") ? binDirectory + name : binDirectory + "/" + name;
	}

}
