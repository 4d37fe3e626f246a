package io.github.replicarouting.test.postgresql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;

import io.github.replicarouting.test.ReplicatedClusterException;

/**
 * The operating-system user the PostgreSQL processes run as. PostgreSQL refuses to run as root,
 * and CI builds often do, so as root every server command is run through {@code runuser} as the
 * unprivileged {@code nobody}, and every data directory is handed to that user.
 */
final class ServerUser {

	static final String UNPRIVILEGED = "nobody";

	private static final List<String> RUNUSER_LOCATIONS = List.of("/usr/sbin/runuser", "/sbin/runuser",
			"/usr/bin/runuser", "/bin/runuser");

	private final String name;

	private final List<String> commandPrefix;

	private ServerUser(String name, List<String> commandPrefix) {
		this.name = name;
		this.commandPrefix = commandPrefix;
	}

	/**
	 * Works out who runs the servers, using the owner of a directory this JVM just created to
	 * learn its own uid without native code.
	 */
	static ServerUser detect(Path directoryWeCreated) {
		if (!isRoot(directoryWeCreated)) {
			return new ServerUser(System.getProperty("user.name"), List.of());
		}
		String runuser = RUNUSER_LOCATIONS.stream()
			.filter((candidate) -> Files.isExecutable(Path.of(candidate)))
			.findFirst()
			.orElseThrow(() -> new ReplicatedClusterException("This build runs as root, which PostgreSQL "
					+ "refuses. ReplicatedPostgres then runs the servers as user '" + UNPRIVILEGED
					+ "' through 'runuser', which was not found in " + RUNUSER_LOCATIONS
					+ ". Install util-linux (it provides runuser) or run the build as an unprivileged user."));
		return new ServerUser(UNPRIVILEGED, List.of(runuser, "-u", UNPRIVILEGED, "--"));
	}

	private static boolean isRoot(Path directoryWeCreated) {
		try {
			Object uid = Files.getAttribute(directoryWeCreated, "unix:uid");
			return Integer.valueOf(0).equals(uid);
		}
		catch (IOException | UnsupportedOperationException | IllegalArgumentException ex) {
			return "root".equals(System.getProperty("user.name"));
		}
	}

	String name() {
		return this.name;
	}

	boolean switchesUser() {
		return !this.commandPrefix.isEmpty();
	}

	/** The command line that runs {@code command} as this user. */
	List<String> command(List<String> command) {
		List<String> full = new ArrayList<>(this.commandPrefix);
		full.addAll(command);
		return full;
	}

	/**
	 * Creates a directory only this user may enter, as PostgreSQL requires of a data directory
	 * (mode 0700, owned by the server user).
	 */
	void createPrivateDirectory(Path directory) throws IOException {
		Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		giveTo(directory);
	}

	/** Makes a file or directory we created as root belong to the server user. */
	void giveTo(Path path) throws IOException {
		if (switchesUser()) {
			UserPrincipal owner = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(this.name);
			Files.setOwner(path, owner);
		}
	}

}
