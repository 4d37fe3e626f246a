package io.github.replicarouting.test.mariadb;

import io.github.replicarouting.test.internal.ContainerCommands;


/**
 * The shell command a MariaDB node's container runs: check the binaries, on the first start
 * create the data directory with {@code mariadb-install-db}, then {@code exec} the server with the
 * fixtures' options and none of the image's own ({@code --no-defaults}). Started again after a
 * stop or a kill, it finds its data directory and only starts the server, unless the fixture left
 * word to install a fresh one (a rejoin); a replica starts read-only, and the fixture leaves word
 * when a promotion or a switchover changes that (marker files). An init file gives {@code root} access from
 * any address, unlogged, so that the fixture and the replicas reach it through a bridge network
 * too. The official {@code mariadb} images run a command that is not {@code mariadbd} as it is,
 * so the same command serves them and the locally built image, which names its installation
 * directory in {@code REPLICA_ROUTING_MARIADB_BASEDIR}.
 */
final class MariaDbNodeCommand {

	static final String BASE = "/tmp/replica-routing";

	static final String DATA = BASE + "/data";

	/**
	 * A file in {@link #BASE} that the fixture writes when a node is promoted ({@code 0}) or made a
	 * replica ({@code 1}): the {@code read_only} it starts with from then on.
	 */
	static final String READ_ONLY = "read-only";

	/** A file in {@link #BASE} that makes the next start delete the data directory and install a fresh one. */
	static final String REINIT = "reinit";

	private static final String BASEDIR = "${REPLICA_ROUTING_MARIADB_BASEDIR:+--basedir=$REPLICA_ROUTING_MARIADB_BASEDIR}";

	private MariaDbNodeCommand() {
	}

	static String node(String listenAddress, int port, int serverId, boolean replica) {
		String options = String.join(" ", MariaDbReplication.SERVER_OPTIONS);
		return ContainerCommands.checkTools("", "mariadb-install-db", "mariadbd")
				+ "mkdir -p " + BASE + " || exit 1\n"
				+ "if [ -f " + BASE + "/" + REINIT + " ]; then\n"
				+ "  rm -rf " + DATA + " " + BASE + "/" + REINIT + " || exit 1\n"
				+ "fi\n"
				+ "if [ ! -d " + DATA + "/mysql ]; then\n"
				+ "  rm -rf " + DATA + ".new\n"
				+ "  mariadb-install-db --no-defaults " + BASEDIR + " --datadir=" + DATA + ".new"
				+ " --auth-root-authentication-method=normal --skip-test-db " + options + " >" + BASE
				+ "/install.log 2>&1 || { cat " + BASE + "/install.log >&2; exit 1; }\n"
				+ "  mv " + DATA + ".new " + DATA + " || exit 1\n"
				+ "fi\n"
				+ "printf '%s\\n' 'set sql_log_bin=0;' \"create user if not exists 'root'@'%' identified by '';\""
				+ " \"grant all on *.* to 'root'@'%' with grant option;\" >" + BASE + "/init.sql || exit 1\n"
				+ "read_only=" + (replica ? "1" : "0") + "\n"
				+ "[ -f " + BASE + "/" + READ_ONLY + " ] && read_only=$(cat " + BASE + "/" + READ_ONLY + ")\n"
				+ "exec mariadbd --no-defaults " + BASEDIR + " --datadir=" + DATA + " --port=" + port
				+ " --bind-address='" + listenAddress + "' --socket=" + BASE + "/mariadbd.sock --server-id=" + serverId
				+ " --init-file=" + BASE + "/init.sql --read-only=$read_only "
				+ String.join(" ", MariaDbReplication.NODE_OPTIONS) + " " + options + "\n";
	}

}
