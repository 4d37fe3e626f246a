package io.github.replicarouting.test.mariadb;

import io.github.replicarouting.test.internal.ContainerCommands;


/**
 * The shell command a MariaDB node's container runs: check the binaries, on the first start
 * create the data directory with {@code mariadb-install-db}, then {@code exec} the server with the
 * fixtures' options and none of the image's own ({@code --no-defaults}). Started again after a
 * stop or a kill, it finds its data directory and only starts the server; a replica starts
 * read-only unless it was promoted (a marker file). An init file gives {@code root} access from
 * any address, unlogged, so that the fixture and the replicas reach it through a bridge network
 * too. The official {@code mariadb} images run a command that is not {@code mariadbd} as it is,
 * so the same command serves them and the locally built image, which names its installation
 * directory in {@code REPLICA_ROUTING_MARIADB_BASEDIR}.
 */
final class MariaDbNodeCommand {

	static final String BASE = "/tmp/replica-routing";

	static final String DATA = BASE + "/data";

	/** Written into a promoted replica's container: it no longer starts read-only. */
	static final String PROMOTED = BASE + "/promoted";

	private static final String BASEDIR = "${REPLICA_ROUTING_MARIADB_BASEDIR:+--basedir=$REPLICA_ROUTING_MARIADB_BASEDIR}";

	private MariaDbNodeCommand() {
	}

	static String node(String listenAddress, int port, int serverId, boolean replica) {
		String options = String.join(" ", MariaDbReplication.SERVER_OPTIONS);
		return ContainerCommands.checkTools("", "mariadb-install-db", "mariadbd")
				+ "mkdir -p " + BASE + " || exit 1\n"
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
				+ "[ -f " + PROMOTED + " ] && read_only=0\n"
				+ "exec mariadbd --no-defaults " + BASEDIR + " --datadir=" + DATA + " --port=" + port
				+ " --bind-address='" + listenAddress + "' --socket=" + BASE + "/mariadbd.sock --server-id=" + serverId
				+ " --init-file=" + BASE + "/init.sql --read-only=$read_only "
				+ String.join(" ", MariaDbReplication.NODE_OPTIONS) + " " + options + "\n";
	}

}
