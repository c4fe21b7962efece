#!/usr/bin/env bash
# devdb.sh — a private PostgreSQL 15 for `make run` and `make test`.
#
#   scripts/devdb.sh start   ensure the cluster exists and runs; print nothing but progress on stderr
#   scripts/devdb.sh url     print the DATABASE_URL of the development database
#   scripts/devdb.sh test-url print the URL of the maintenance database tests clone from
#   scripts/devdb.sh bench-url print the URL of the database `make bench` loads at national volume
#   scripts/devdb.sh stop    stop the cluster (data is kept)
#
# It uses Debian's PostgreSQL 15 binaries (installing them with apt-get when absent), keeps its data under
# var/postgres, listens only on 127.0.0.1 (no Unix socket), on a port that does not clash with a system
# PostgreSQL. When run as root the server runs as the `postgres` OS user, because initdb refuses root.
# Running it again reuses the cluster and its data.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PGPORT=${DEVDB_PORT:-54329}
VAR="$ROOT/var"
DATA="$VAR/postgres"
PWFILE="$VAR/postgres.password"
LOG="$VAR/postgres.log"
DBUSER=portal

log() { echo "devdb: $*" >&2; }

as_root() { [ "$(id -u)" -eq 0 ]; }

# run_pg runs a command as the OS user that owns the cluster.
run_pg() {
	if as_root; then
		# From /, which the postgres user can always enter (the checkout may be under /root).
		(cd / && runuser -u postgres -- "$@")
	else
		"$@"
	fi
}

ensure_binaries() {
	if [ -x "$PGBIN/initdb" ] && [ -x "$PGBIN/pg_ctl" ]; then
		return
	fi
	log "PostgreSQL 15 binaries not found in $PGBIN; installing Debian's postgresql package"
	local sudo=""
	as_root || sudo="sudo"
	$sudo apt-get update -qq >&2
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql-15 >&2 ||
		DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >&2
	[ -x "$PGBIN/initdb" ] || { log "still no $PGBIN/initdb after apt-get; set PGBIN"; exit 1; }
}

ensure_os_user() {
	as_root || return 0
	if ! id postgres >/dev/null 2>&1; then
		log "creating the postgres OS user"
		useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
	fi
}

# ensure_data_dir makes var/postgres usable by the server's OS user. When the checkout sits somewhere that user
# cannot enter (for example under /root), the data lives in /var/tmp and var/postgres links to it.
ensure_data_dir() {
	mkdir -p "$VAR"
	# A link left from an earlier machine whose /var/tmp was emptied: start again.
	if [ -L "$DATA" ] && [ ! -e "$DATA" ]; then
		rm -f "$DATA"
	fi
	if [ -e "$DATA" ]; then
		return
	fi
	if as_root && ! runuser -u postgres -- test -x "$VAR" 2>/dev/null; then
		local alt
		alt="/var/tmp/portal-regsosek-pg-$(echo -n "$ROOT" | sha256sum | cut -c1-12)"
		log "postgres cannot enter $VAR; keeping the cluster in $alt"
		mkdir -p "$alt"
		chown postgres: "$alt"
		chmod 700 "$alt"
		ln -s "$alt" "$DATA"
		return
	fi
	mkdir -p "$DATA"
	chmod 700 "$DATA"
	as_root && chown postgres: "$DATA"
	return 0
}

ensure_cluster() {
	if [ -f "$DATA/PG_VERSION" ]; then
		return
	fi
	log "initialising a new cluster in $DATA"
	if [ ! -s "$PWFILE" ]; then
		(umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$PWFILE")
	fi
	local tmp
	tmp=$(mktemp)
	cp "$PWFILE" "$tmp"
	as_root && chown postgres: "$tmp"
	run_pg "$PGBIN/initdb" -D "$DATA" -U "$DBUSER" --pwfile="$tmp" --auth-local=scram-sha-256 \
		--auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
	rm -f "$tmp"
	cat >>"$DATA/postgresql.conf" <<EOF
# portal-regsosek private cluster
listen_addresses = '127.0.0.1'
port = $PGPORT
unix_socket_directories = ''
max_connections = 200
shared_buffers = 256MB
fsync = ${DEVDB_FSYNC:-on}
EOF
}

# conf_port is the port the cluster is configured to listen on (the last setting wins).
conf_port() {
	sed -n 's/^port = \([0-9]*\).*/\1/p' "$DATA/postgresql.conf" | tail -1
}

is_running() {
	run_pg "$PGBIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

# resolve_paths points DATA and LOG at real paths: the server's OS user may be unable to follow a path
# through var/ when the data lives in /var/tmp.
resolve_paths() {
	DATA=$(readlink -f "$DATA")
	case "$DATA" in
	"$VAR"/*) ;;
	*) LOG="$DATA.log" ;;
	esac
}

start() {
	ensure_binaries
	ensure_os_user
	ensure_data_dir
	resolve_paths
	ensure_cluster
	if is_running; then
		return
	fi
	# Another cluster (another checkout, a leftover) may hold the port: move ours to the next free one.
	local port
	port=$(conf_port)
	while (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
		port=$((port + 1))
	done
	if [ "$port" != "$(conf_port)" ]; then
		log "port $(conf_port) is taken; using $port"
		echo "port = $port" >>"$DATA/postgresql.conf"
	fi
	touch "$LOG"
	as_root && chown postgres: "$LOG"
	log "starting PostgreSQL on 127.0.0.1:$(conf_port) (log: $LOG)"
	run_pg "$PGBIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 start >/dev/null
	ensure_database portal
	ensure_database portal_test
}

ensure_database() {
	local name=$1
	local exists
	exists=$(PGPASSWORD=$(cat "$PWFILE") "$PGBIN/psql" -h 127.0.0.1 -p "$(conf_port)" -U "$DBUSER" -d postgres -tAc \
		"SELECT 1 FROM pg_database WHERE datname = '$name'")
	if [ "$exists" != "1" ]; then
		log "creating database $name"
		PGPASSWORD=$(cat "$PWFILE") "$PGBIN/createdb" -h 127.0.0.1 -p "$(conf_port)" -U "$DBUSER" "$name"
	fi
}

url() {
	echo "postgres://$DBUSER:$(cat "$PWFILE")@127.0.0.1:$(conf_port)/$1?sslmode=disable"
}

stop() {
	[ -e "$DATA" ] && resolve_paths
	if [ -f "$DATA/PG_VERSION" ] && is_running; then
		run_pg "$PGBIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
		log "stopped"
	else
		log "not running"
	fi
}

case "${1:-}" in
start) start ;;
url) start; ensure_database portal; url portal ;;
test-url) start; ensure_database portal_test; url portal_test ;;
bench-url) start; ensure_database portal_bench; url portal_bench ;;
stop) stop ;;
*) echo "usage: $0 start|url|test-url|bench-url|stop" >&2; exit 2 ;;
esac
