# Shared by the build-*-image.sh scripts (sourced, not run): a minimal root filesystem from
# busybox and this machine's C library, imported as a Docker image without any registry.
# No binary is committed: each script adds a server tree from a Maven artifact.

# Fails unless the tools and a Docker engine that answers are there. $1: the calling script's name.
rootfs_require() {
    local tool
    for tool in docker busybox ldd tar; do
        command -v "$tool" >/dev/null 2>&1 || {
            echo "$1: '$tool' is missing (docker.io, busybox-static, libc-bin, tar)" >&2; exit 1; }
    done
    docker info >/dev/null 2>&1 || { echo "$1: the Docker engine does not answer ('docker info' failed)" >&2; exit 1; }
}

# Reads a property from the repository's root pom. $1: repository, $2: property name.
pom_property() {
    sed -n "s:.*<$2>\(.*\)</$2>.*:\1:p" "$1/pom.xml" | head -n 1
}

# The jar of a Maven artifact in the local repository, fetched with the repository's Maven
# wrapper when missing. $1: repository, $2: groupId:artifactId:version. Prints the jar's path.
artifact_jar() {
    local repo="$1" artifact="$2" group artifact_id version m2 jar
    IFS=: read -r group artifact_id version <<<"$artifact"
    m2="${MAVEN_REPOSITORY:-$HOME/.m2/repository}"
    jar="$m2/${group//.//}/$artifact_id/$version/$artifact_id-$version.jar"
    if [ ! -f "$jar" ]; then
        echo "fetching $artifact" >&2
        (cd "$repo" && ./mvnw -q -B -ntp dependency:get -Dartifact="$artifact" -Dtransitive=false) >&2
    fi
    [ -f "$jar" ] || { echo "no $jar after fetching $artifact" >&2; exit 1; }
    echo "$jar"
}

# Lays out $1 (the root) with /bin (busybox and its applets), /etc (passwd and group with user
# $2 as uid and gid 999), a world-writable /tmp and the mount points, and $2's home $3.
rootfs_init() {
    local root="$1" user="$2" home="$3" applet
    mkdir -p "$root/bin" "$root/etc" "$root/tmp" "$root/dev" "$root/proc" "$root/sys" "$root$home"
    chmod 1777 "$root/tmp"
    cp "$(command -v busybox)" "$root/bin/busybox"
    for applet in $(busybox --list); do
        [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
    done
    printf 'root:x:0:0:root:/root:/bin/sh\n%s:x:999:999:%s:%s:/bin/sh\n' "$user" "$user" "$home" > "$root/etc/passwd"
    printf 'root:x:0:\n%s:x:999:\n' "$user" > "$root/etc/group"
    chown 999:999 "$root$home"
}

# Copies the shared libraries that the executables in the given directories need from outside
# the root (glibc, libstdc++ and friends) to the paths ldd shows: ld-linux's path is baked into
# every binary. $1: the root, then directories.
rootfs_add_libraries() {
    local root="$1" library binary
    shift
    for binary in $(find "$@" -maxdepth 1 -type f -perm -u+x); do
        ldd "$binary" 2>/dev/null || true
    done | grep -o '/[^ ]*' | sort -u | while read -r library; do
        case "$library" in "$root"/*) continue ;; esac
        [ -e "$library" ] || continue
        mkdir -p "$root$(dirname "$library")"
        cp -L "$library" "$root$library"
    done
    ls "$root"/lib64/ld-linux-x86-64.so.2 >/dev/null 2>&1 || {
        echo "ldd found no ld-linux-x86-64.so.2 for the binaries in $*" >&2; exit 1; }
}

# Imports the root as an image. $1: the root, $2: the image name, $3: its message, then
# `docker import --change` instructions.
rootfs_import() {
    local root="$1" image="$2" message="$3" tarball change
    shift 3
    local changes=()
    for change in "$@"; do changes+=(--change "$change"); done
    tarball="$(dirname "$root")/rootfs.tar"
    tar --numeric-owner --sort=name --mtime='2000-01-01 00:00Z' -C "$root" -cf "$tarball" .
    docker import "${changes[@]}" --message "$message" "$tarball" "$image" >/dev/null
    du -m "$tarball" | cut -f1
}
