#!/usr/bin/env bash
# db.sh prepares the project-local PostgreSQL cluster that careerbot uses for
# development and tests, on Debian 12 (or newer) as root:
#
#   1. installs PostgreSQL when initdb is missing;
#   2. builds pgvector from Debian's source package when the vector extension
#      is not available (Debian 13 carries pgvector 0.8);
#   3. initialises a cluster under .data/postgres, owned by an unprivileged
#      OS user, starts it on 127.0.0.1:$CAREERBOT_PGPORT (55432 by default,
#      the port careerbot and the tests use when DATABASE_URL is not set),
#      and creates the careerbot role and database.
#
# It is idempotent: a second run only checks that the cluster is up, on the
# port asked for. status reads the port the running cluster listens on from
# the cluster itself (postmaster.pid), whatever CAREERBOT_PGPORT says.
# CAREERBOT_PGDATA names another data directory (default .data/postgres).
# Usage: deploy/local/db.sh [start|stop|status]
set -euo pipefail

cmd=${1:-start}
root=$(cd "$(dirname "$0")/../.." && pwd)
data=${CAREERBOT_PGDATA:-$root/.data/postgres}
port=${CAREERBOT_PGPORT:-55432}
case "$port" in
'' | *[!0-9]*) printf 'db: error: CAREERBOT_PGPORT must be a port number such as 55432, not %s\n' "'$port'" >&2; exit 2 ;;
esac
pguser=postgres
log() { printf 'db: %s\n' "$*" >&2; }
die() { printf 'db: error: %s\n' "$*" >&2; exit 1; }

as_pg() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u "$pguser" -- "$@"
	else
		"$@"
	fi
}

pg_bindir() {
	local d
	if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
		pg_config --bindir
		return
	fi
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
		[ -x "$d/initdb" ] && { echo "$d"; return; }
	done
	return 1
}

running() {
	local bin=$1
	[ -f "$data/PG_VERSION" ] && as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1
}

# listening_port prints the port of the running cluster: line 4 of
# postmaster.pid, which the server writes when it starts.
listening_port() {
	sed -n 4p "$data/postmaster.pid" 2>/dev/null
}

case "$cmd" in
stop)
	bin=$(pg_bindir) || exit 0
	if running "$bin"; then as_pg "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null; log "stopped"; fi
	exit 0
	;;
status)
	bin=$(pg_bindir) || die "PostgreSQL is not installed"
	if running "$bin"; then
		log "running on 127.0.0.1:$(listening_port) (data: $data)"
		exit 0
	fi
	log "not running (data: $data)"; exit 1
	;;
start) ;;
*) die "unknown command '$cmd' (use start, stop or status)" ;;
esac

if [ -n "${DATABASE_URL:-}" ]; then
	log "DATABASE_URL is set: using it, no local cluster"
	exit 0
fi

# Fast path: the cluster is already up, on the port asked for.
if bin=$(pg_bindir) && running "$bin"; then
	have_port=$(listening_port)
	[ "$have_port" = "$port" ] ||
		die "the local cluster already runs on port $have_port, not $port: stop it with 'make db-stop' and run 'make db PGPORT=$port', or use PGPORT=$have_port"
	exit 0
fi

apt_updated=
apt_update() {
	[ -n "$apt_updated" ] && return
	log "apt-get update"
	apt-get update -qq >/dev/null
	apt_updated=1
}
need_root() {
	[ "$(id -u)" = 0 ] || die "$1 needs root: run 'make db' as root once, or set DATABASE_URL"
}

# 1. PostgreSQL.
if ! bin=$(pg_bindir); then
	need_root "installing PostgreSQL"
	apt_update
	log "installing PostgreSQL"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-contrib >/dev/null
	bin=$(pg_bindir) || die "PostgreSQL was installed but initdb is still missing"
fi
pgconfig="$bin/pg_config"
[ -x "$pgconfig" ] || pgconfig=$(command -v pg_config || true)
major=$("$bin/postgres" --version | sed -E 's/[^0-9]*([0-9]+).*/\1/')
sharedir=$("$pgconfig" --sharedir 2>/dev/null || echo "/usr/share/postgresql/$major")

# 2. pgvector, 0.8 or newer.
vector_version() {
	local f
	f=$(ls "$sharedir"/extension/vector.control 2>/dev/null) || return 1
	sed -nE "s/^default_version *= *'([^']+)'.*/\1/p" "$f"
}
version_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }

have=$(vector_version || true)
if [ -z "$have" ] || ! version_ge "$have" 0.8.0; then
	need_root "building pgvector"
	# Debian 12's PostgreSQL packages for $major; the source comes from Debian 13.
	mirror=$(grep -hE '^(URIs:|deb )' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null |
		grep -oE 'https?://[^ ]+/debian/?' | grep -v security | head -n1 || true)
	[ -n "$mirror" ] || die "no Debian mirror found in the apt sources: add one, or set DATABASE_URL"
	src=/etc/apt/sources.list.d/careerbot-pgvector-src.sources
	keyring=/usr/share/keyrings/debian-archive-keyring.gpg
	cat >"$src" <<SRC
Types: deb-src
URIs: $mirror
Suites: trixie
Components: main
Signed-By: $keyring
SRC
	apt_updated=
	apt_update
	log "installing the build tools for pgvector"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dpkg-dev build-essential "postgresql-server-dev-$major" >/dev/null
	work=$(mktemp -d)
	trap 'rm -rf "$work"' EXIT
	log "fetching Debian's pgvector source package"
	(cd "$work" && apt-get source -qq pgvector >/dev/null 2>&1) || die "apt-get source pgvector failed: check the deb-src entry in $src"
	dir=$(find "$work" -maxdepth 1 -type d -name 'pgvector-*' | head -n1)
	[ -n "$dir" ] || die "pgvector source not found after apt-get source"
	log "building $(basename "$dir") for PostgreSQL $major"
	make -s -C "$dir" PG_CONFIG="$pgconfig" OPTFLAGS="" >/dev/null
	make -s -C "$dir" PG_CONFIG="$pgconfig" install >/dev/null
	have=$(vector_version) || die "pgvector build finished but the extension is still missing"
	log "pgvector $have installed"
fi

# 3. The project-local cluster, run by an unprivileged user.
if [ "$(id -u)" = 0 ]; then
	id "$pguser" >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /usr/sbin/nologin "$pguser"
	# The server user must be able to reach the data directory.
	d="$root"
	while [ "$d" != / ]; do
		if ! runuser -u "$pguser" -- test -x "$d"; then chmod o+x "$d"; fi
		d=$(dirname "$d")
	done
fi
mkdir -p "$root/.data"
if [ ! -f "$data/PG_VERSION" ]; then
	log "initialising a cluster in .data/postgres"
	rm -rf "$data"
	mkdir -p "$data"
	[ "$(id -u)" = 0 ] && chown "$pguser" "$data" "$root/.data"
	as_pg "$bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
	cat >>"$data/postgresql.conf" <<CONF
# careerbot development cluster
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = ''
max_connections = 200
shared_buffers = 1GB
maintenance_work_mem = 512MB
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
fi
log "starting PostgreSQL $major on 127.0.0.1:$port"
# The port is given at each start, so that a cluster initialised on another
# port follows CAREERBOT_PGPORT too.
as_pg "$bin/pg_ctl" -D "$data" -l "$data/server.log" -o "-p $port" -w -t 60 start >/dev/null || {
	tail -n 20 "$data/server.log" >&2
	die "PostgreSQL did not start: see .data/postgres/server.log"
}
psql_pg() { as_pg "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
if [ "$(psql_pg -c "SELECT 1 FROM pg_roles WHERE rolname = 'careerbot'")" != 1 ]; then
	psql_pg -c "CREATE ROLE careerbot LOGIN SUPERUSER"
fi
if [ "$(psql_pg -c "SELECT 1 FROM pg_database WHERE datname = 'careerbot'")" != 1 ]; then
	psql_pg -c "CREATE DATABASE careerbot OWNER careerbot"
fi
psql_pg -d careerbot -c "CREATE EXTENSION IF NOT EXISTS vector" >/dev/null
log "ready: postgres://careerbot@127.0.0.1:$port/careerbot"
