package io.github.replicarouting.test.postgresql;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import com.github.dockerjava.api.DockerClient;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import io.github.replicarouting.test.ReplicatedClusterException;

/**
 * A replica's data directory for the containers backend: the primary's never-started copy of its
 * freshly initialized data directory, taken out of the primary's container as a tar archive,
 * renamed, with the replica's {@code primary_conninfo} in its {@code postgresql.auto.conf} (where
 * {@code ALTER SYSTEM} can change it later) and a {@code standby.signal}. Every copy has the
 * primary's system identifier and starts at the same clean shutdown checkpoint, so it streams
 * from the primary, or from whichever node was promoted since, with no {@code pg_basebackup}
 * (which the locally built image does not have). Entries keep the owner {@code initdb} ran as,
 * which the engine applies when it unpacks them: PostgreSQL insists on owning its data directory.
 */
final class DataDirectoryArchive {

	private static final String TEMPLATE_ROOT = "template";

	private static final String AUTO_CONF = TEMPLATE_ROOT + "/postgresql.auto.conf";

	private static final String BASE_NAME = NodeCommand.BASE.substring(NodeCommand.BASE.lastIndexOf('/') + 1);

	private final byte[] template;

	private DataDirectoryArchive(byte[] template) {
		this.template = template;
	}

	/**
	 * Reads the template out of the primary's container, which may have stopped since; the
	 * template itself never changes.
	 */
	static DataDirectoryArchive fromPrimary(DockerClient client, String primaryContainerId) {
		try (InputStream archive = client.copyArchiveFromContainerCmd(primaryContainerId, NodeCommand.TEMPLATE).exec()) {
			return new DataDirectoryArchive(archive.readAllBytes());
		}
		catch (IOException | RuntimeException ex) {
			throw new ReplicatedClusterException(
					"primary: could not copy " + NodeCommand.TEMPLATE + " out of its container for the replicas", ex);
		}
	}

	/** Unpacks a replica's data directory into a created, not yet started container. */
	void seed(DockerClient client, String containerId, String conninfo) {
		String parent = NodeCommand.BASE.substring(0, NodeCommand.BASE.lastIndexOf('/'));
		copy(client, containerId, parent.isEmpty() ? "/" : parent, BASE_NAME + "/data", true, conninfo);
	}

	/**
	 * Stages a fresh replica's data directory next to the data directory of a stopped container,
	 * whose command swaps it in at the next start ({@link NodeCommand#REJOIN}).
	 */
	void stage(DockerClient client, String containerId, String conninfo) {
		copy(client, containerId, NodeCommand.BASE, NodeCommand.REJOIN.substring(NodeCommand.BASE.length() + 1),
				false, conninfo);
	}

	private void copy(DockerClient client, String containerId, String remotePath, String root, boolean withBase,
			String conninfo) {
		client.copyArchiveToContainerCmd(containerId)
			.withRemotePath(remotePath)
			.withTarInputStream(new ByteArrayInputStream(archive(root, withBase, conninfo)))
			.exec();
	}

	/** The template renamed to {@code root}, set up as a standby streaming with {@code conninfo}. */
	private byte[] archive(String root, boolean withBase, String conninfo) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(this.template.length + 8192);
		try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(this.template));
				TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
			out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
			out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
			TarArchiveEntry owner = null;
			for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
				if (owner == null) {
					owner = entry;
					if (withBase) {
						out.putArchiveEntry(directory(BASE_NAME + "/", owner, 0755));
						out.closeArchiveEntry();
					}
				}
				byte[] extra = AUTO_CONF.equals(entry.getName())
						? ("primary_conninfo = '" + conninfo + "'\n").getBytes(StandardCharsets.UTF_8) : new byte[0];
				copy(entry, in, out, root, extra);
			}
			if (owner == null) {
				throw new ReplicatedClusterException("primary: the archive of " + NodeCommand.TEMPLATE + " is empty");
			}
			out.putArchiveEntry(file(root + "/standby.signal", owner, 0, 0600));
			out.closeArchiveEntry();
			out.finish();
		}
		catch (IOException ex) {
			throw new ReplicatedClusterException("primary: could not read the archive of " + NodeCommand.TEMPLATE, ex);
		}
		return bytes.toByteArray();
	}

	private static void copy(TarArchiveEntry entry, TarArchiveInputStream in, TarArchiveOutputStream out, String root,
			byte[] extra) throws IOException {
		String name = entry.getName();
		if (!name.startsWith(TEMPLATE_ROOT)) {
			throw new ReplicatedClusterException("primary: unexpected entry '" + name + "' in the template archive");
		}
		String renamed = root + name.substring(TEMPLATE_ROOT.length());
		if (entry.isDirectory()) {
			out.putArchiveEntry(directory(renamed, entry, entry.getMode()));
		}
		else if (entry.isFile()) {
			TarArchiveEntry file = file(renamed, entry, entry.getSize() + extra.length, entry.getMode());
			file.setModTime(entry.getModTime());
			out.putArchiveEntry(file);
			in.transferTo(out);
			out.write(extra);
		}
		else {
			throw new ReplicatedClusterException("primary: unexpected " + (entry.isSymbolicLink() ? "link" : "entry")
					+ " '" + name + "' in the template archive");
		}
		out.closeArchiveEntry();
	}

	private static TarArchiveEntry file(String name, TarArchiveEntry owner, long size, int mode) {
		TarArchiveEntry file = new TarArchiveEntry(name);
		file.setUserId(owner.getLongUserId());
		file.setGroupId(owner.getLongGroupId());
		file.setMode(0100000 | (mode & 07777));
		file.setSize(size);
		return file;
	}

	private static TarArchiveEntry directory(String name, TarArchiveEntry owner, int mode) {
		TarArchiveEntry directory = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
		directory.setUserId(owner.getLongUserId());
		directory.setGroupId(owner.getLongGroupId());
		directory.setMode(040000 | (mode & 07777));
		return directory;
	}

}
