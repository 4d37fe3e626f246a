#!/usr/bin/env bash
# Moves the Java sources under a directory from the fixtures' old names to the new ones (issue 16):
#   src-test-fixtures/migrate-fixture-names.sh DIR...
# A merge aid for tests written against the old names; delete it once every branch is migrated.
#
#   ReplicatedPostgres, ReplicatedPostgresTest, Lsn   io.github.replicarouting.test -> ...test.postgresql
#   ContainerizedReplicatedPostgres(.builder())       ReplicatedPostgres(.builder().containers())
#   @ContainerizedReplicated{Postgres,MariaDb}Test(x)  @Replicated{Postgres,MariaDb}Test(x, backend = Backend.CONTAINERS)
#   ContainerizedReplicatedMariaDb                    ReplicatedMariaDb
#   {Containerized,}Replicated{Postgres,MariaDb}Extension.cluster(c)  Replicated{Postgres,MariaDb}.forTestClass(c)
#   PostgresNode, MariaDbNode, Containerized*Node     ClusterNode
#   PostgresCluster<..>, MariaDbCluster<..>           ReplicatedPostgres, ReplicatedMariaDb
#   ReplicatedPostgresException, ReplicatedMariaDbException  ReplicatedClusterException
#   test.containers.ContainerNetworkMode              test.ContainerNetworkMode
#   pauseReplay / resumeReplay                        pauseReplication / resumeReplication
#   primaryWalPosition / primaryGtidPosition          primaryPosition
#   replayedGtidPosition                              replayedPosition
#
# Not done here, by hand: a MariaDB node's serverId() is now cluster.serverId(name); a container
# node's containerId() is gone. The compiler names every place left.
set -euo pipefail

if [ "$#" -eq 0 ]; then
    echo "usage: $0 DIR..." >&2
    exit 2
fi

T='io\.github\.replicarouting\.test'

rename() {
    sed -i -E \
        -e "s/\b${T}\.(containers\.)?ContainerizedReplicatedPostgres(Test|Extension)?;/io.github.replicarouting.test.postgresql.ReplicatedPostgres\2;/" \
        -e "s/\b${T}\.(containers\.)?ContainerizedReplicatedMariaDb(Test|Extension)?;/io.github.replicarouting.test.mariadb.ReplicatedMariaDb\2;/" \
        -e "s/\b${T}\.ReplicatedPostgres(Test)?;/io.github.replicarouting.test.postgresql.ReplicatedPostgres\1;/" \
        -e "s/\b${T}\.(postgresql\.)?ReplicatedPostgresExtension;/io.github.replicarouting.test.postgresql.ReplicatedPostgres;/" \
        -e "s/\b${T}\.(mariadb\.)?ReplicatedMariaDbExtension;/io.github.replicarouting.test.mariadb.ReplicatedMariaDb;/" \
        -e "s/\b${T}\.Lsn;/io.github.replicarouting.test.postgresql.Lsn;/" \
        -e "s/\b${T}\.(PostgresNode|containers\.ContainerizedPostgresNode|mariadb\.MariaDbNode|containers\.ContainerizedMariaDbNode);/io.github.replicarouting.test.ClusterNode;/" \
        -e "s/\b${T}\.PostgresCluster;/io.github.replicarouting.test.postgresql.ReplicatedPostgres;/" \
        -e "s/\b${T}\.mariadb\.MariaDbCluster;/io.github.replicarouting.test.mariadb.ReplicatedMariaDb;/" \
        -e "s/\b${T}\.(ReplicatedPostgresException|mariadb\.ReplicatedMariaDbException);/io.github.replicarouting.test.ReplicatedClusterException;/" \
        -e "s/\b${T}\.containers\.ContainerNetworkMode;/io.github.replicarouting.test.ContainerNetworkMode;/" \
        -e 's/\bReplicatedCluster<(PostgresNode|MariaDbNode|ContainerizedPostgresNode|ContainerizedMariaDbNode|ClusterNode|[?])>/ReplicatedCluster<?>/g' \
        -e 's/\bPostgresCluster<[^<>]*>/ReplicatedPostgres/g' \
        -e 's/\bMariaDbCluster<[^<>]*>/ReplicatedMariaDb/g' \
        -e 's/@ContainerizedReplicated(Postgres|MariaDb)Test\(\)/@Replicated\1Test(backend = Backend.CONTAINERS)/g' \
        -e 's/@ContainerizedReplicated(Postgres|MariaDb)Test\(([^()]+)\)/@Replicated\1Test(\2, backend = Backend.CONTAINERS)/g' \
        -e 's/@ContainerizedReplicated(Postgres|MariaDb)Test\b([^(]|$)/@Replicated\1Test(backend = Backend.CONTAINERS)\2/g' \
        -e 's/\b(Containerized)?Replicated(Postgres|MariaDb)Extension\.cluster\(/Replicated\2.forTestClass(/g' \
        -e 's/\bContainerizedReplicated(Postgres|MariaDb)\.builder\(\)/Replicated\1.builder().containers()/g' \
        -e 's/\bContainerizedReplicated(Postgres|MariaDb)(Test|Extension)?\b/Replicated\1\2/g' \
        -e 's/\b(Containerized)?(Postgres|MariaDb)Node\b/ClusterNode/g' \
        -e 's/\bReplicated(Postgres|MariaDb)Exception\b/ReplicatedClusterException/g' \
        -e 's/\bpauseReplay\b/pauseReplication/g' \
        -e 's/\bresumeReplay\b/resumeReplication/g' \
        -e 's/\bprimary(Wal|Gtid)Position\b/primaryPosition/g' \
        -e 's/\breplayedGtidPosition\b/replayedPosition/g' \
        "$1"
}

# Adds "import FQCN;" to a file that uses the simple name, is in another package and lacks it:
# among the project's imports, else after the last other import, else after the package line.
ensure_import() {
    local file="$1" fqcn="$2"
    local pkg="${fqcn%.*}" simple="${fqcn##*.}"
    local own
    own="$(sed -n -E 's/^package ([a-zA-Z0-9_.]+);.*/\1/p' "$file" | head -n 1)"
    [ "$own" = "$pkg" ] && return 0
    grep -q -E "^import (${fqcn//./\\.}|${pkg//./\\.}\.\*);" "$file" && return 0
    grep -v -E '^(package|import) ' "$file" | grep -q -E "(^|[^A-Za-z0-9_.])${simple}\b" || return 0
    local project other
    project="$(grep -n '^import io\.github\.replicarouting\.' "$file" | tail -n 1 | cut -d: -f1 || true)"
    other="$(grep -n -E '^import [a-z]' "$file" | grep -v ':import static ' | tail -n 1 | cut -d: -f1 || true)"
    awk -v line="import ${fqcn};" -v project="$project" -v other="$other" '
        { print }
        project != "" && NR == project { print line }
        project == "" && other != "" && NR == other { print ""; print line }
        project == "" && other == "" && /^package / { print ""; print line }
    ' "$file" > "$file.tmp"
    mv "$file.tmp" "$file"
}

# Drops imports of the file's own package and repeated ones, and sorts each run of the project's
# imports, as the renames and additions leave them.
tidy_imports() {
    local file="$1" own
    own="$(sed -n -E 's/^package ([a-zA-Z0-9_.]+);.*/\1/p' "$file" | head -n 1)"
    LC_ALL=C awk -v own="$own" '
        function flush(   i, j, t) {
            for (i = 2; i <= n; i++) {
                for (j = i; j > 1 && run[j - 1] > run[j]; j--) { t = run[j]; run[j] = run[j - 1]; run[j - 1] = t }
            }
            for (i = 1; i <= n; i++) print run[i]
            n = 0
        }
        /^import [a-zA-Z0-9_]+(\.[a-zA-Z0-9_]+)*;$/ {
            name = $2; sub(/;$/, "", name)
            pkg = name; sub(/\.[^.]*$/, "", pkg)
            if (pkg == own || seen[name]++) next
        }
        /^import io\.github\.replicarouting\./ { run[++n] = $0; next }
        { flush(); print }
        END { flush() }
    ' "$file" > "$file.tmp"
    mv "$file.tmp" "$file"
}

NEW_TYPES=(
    io.github.replicarouting.test.Backend
    io.github.replicarouting.test.ClusterNode
    io.github.replicarouting.test.ContainerNetworkMode
    io.github.replicarouting.test.ReplicatedClusterException
    io.github.replicarouting.test.postgresql.ReplicatedPostgres
    io.github.replicarouting.test.postgresql.ReplicatedPostgresTest
    io.github.replicarouting.test.postgresql.Lsn
    io.github.replicarouting.test.mariadb.ReplicatedMariaDb
    io.github.replicarouting.test.mariadb.ReplicatedMariaDbTest
    io.github.replicarouting.test.mariadb.GtidPosition
)

changed=0
while IFS= read -r -d '' file; do
    before="$(cksum < "$file")"
    rename "$file"
    # Where the old names were used, or where the fixtures' types were in the file's own package.
    if [ "$(cksum < "$file")" != "$before" ] \
            || grep -q -E '^(package|import) io\.github\.replicarouting\.test[.;]' "$file"; then
        for fqcn in "${NEW_TYPES[@]}"; do
            ensure_import "$file" "$fqcn"
        done
        tidy_imports "$file"
    fi
    if [ "$(cksum < "$file")" != "$before" ]; then
        changed=$((changed + 1))
        echo "migrated $file"
    fi
done < <(find "$@" -name '*.java' -print0)
echo "$changed file(s) migrated"
