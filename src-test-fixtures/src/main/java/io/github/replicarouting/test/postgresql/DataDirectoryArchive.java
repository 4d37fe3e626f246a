package io.github.replicarouting.test.postgresql;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

import com.github.dockerjava.api.DockerClient;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import io.github.replicarouting.test.ReplicatedClusterException;

/**
 * The replicas' data directory: the primary's never-started copy of its freshly initialized data
 * directory, taken out of the primary's container as a tar archive and renamed, plus a
 * {@code standby.signal}. Every copy has the primary's system identifier and starts at the same
 * clean shutdown checkpoint, so it streams from the primary with no {@code pg_basebackup} (which
 * the locally built image does not have). Entries keep the owner {@code initdb} ran as, which the
 * engine applies when it unpacks them: PostgreSQL insists on owning its data directory.
 */
final class DataDirectoryArchive {

	private static final String TEMPLATE_ROOT = "template";

	private static final String BASE_NAME = NodeCommand.BASE.substring(NodeCommand.BASE.lastIndexOf('/') + 1);

	private final byte[] tar;

	private DataDirectoryArchive(byte[] tar) {
		this.tar = tar;
	}

	/** Reads the template out of the running primary's container. */
	static DataDirectoryArchive fromPrimary(DockerClient client, String primaryContainerId) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(8 << 20);
		try (InputStream archive = client.copyArchiveFromContainerCmd(primaryContainerId, NodeCommand.TEMPLATE).exec();
				TarArchiveInputStream in = new TarArchiveInputStream(archive);
				TarArchiveOutputStream out = new TarArchiveOutputStream(bytes)) {
			out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
			out.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
			TarArchiveEntry owner = null;
			for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
				if (owner == null) {
					owner = entry;
					out.putArchiveEntry(directory(BASE_NAME + "/", owner, 0755));
					out.closeArchiveEntry();
				}
				copy(entry, in, out);
			}
			if (owner == null) {
				throw new ReplicatedClusterException("primary: the archive of " + NodeCommand.TEMPLATE + " is empty");
			}
			TarArchiveEntry signal = new TarArchiveEntry(BASE_NAME + "/data/standby.signal");
			signal.setUserId(owner.getLongUserId());
			signal.setGroupId(owner.getLongGroupId());
			signal.setMode(0100600);
			signal.setSize(0);
			out.putArchiveEntry(signal);
			out.closeArchiveEntry();
			out.finish();
		}
		catch (IOException | RuntimeException ex) {
			throw (ex instanceof ReplicatedClusterException failure) ? failure : new ReplicatedClusterException(
					"primary: could not copy " + NodeCommand.TEMPLATE + " out of its container for the replicas", ex);
		}
		return new DataDirectoryArchive(bytes.toByteArray());
	}

	/** Unpacks the data directory into a created, not yet started replica container. */
	void copyInto(DockerClient client, String containerId) {
		String parent = NodeCommand.BASE.substring(0, NodeCommand.BASE.lastIndexOf('/'));
		client.copyArchiveToContainerCmd(containerId)
			.withRemotePath(parent.isEmpty() ? "/" : parent)
			.withTarInputStream(new ByteArrayInputStream(this.tar))
			.exec();
	}

	private static void copy(TarArchiveEntry entry, TarArchiveInputStream in, TarArchiveOutputStream out)
			throws IOException {
		String name = entry.getName();
		if (!name.startsWith(TEMPLATE_ROOT)) {
			throw new ReplicatedClusterException("primary: unexpected entry '" + name + "' in the template archive");
		}
		String renamed = BASE_NAME + "/data" + name.substring(TEMPLATE_ROOT.length());
		if (entry.isDirectory()) {
			out.putArchiveEntry(directory(renamed, entry, entry.getMode()));
		}
		else if (entry.isFile()) {
			TarArchiveEntry file = new TarArchiveEntry(renamed);
			file.setUserId(entry.getLongUserId());
			file.setGroupId(entry.getLongGroupId());
			file.setMode(0100000 | (entry.getMode() & 07777));
			file.setModTime(entry.getModTime());
			file.setSize(entry.getSize());
			out.putArchiveEntry(file);
			in.transferTo(out);
		}
		else {
			throw new ReplicatedClusterException("primary: unexpected " + (entry.isSymbolicLink() ? "link" : "entry")
					+ " '" + name + "' in the template archive");
		}
		out.closeArchiveEntry();
	}

	private static TarArchiveEntry directory(String name, TarArchiveEntry owner, int mode) {
		TarArchiveEntry directory = new TarArchiveEntry(name.endsWith("/") ? name : name + "/");
		directory.setUserId(owner.getLongUserId());
		directory.setGroupId(owner.getLongGroupId());
		directory.setMode(040000 | (mode & 07777));
		return directory;
	}

}
