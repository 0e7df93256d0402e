# pg_cluster.sh — a throw-away PostgreSQL 15 cluster for the tests (issue
# 18), from Debian's packages (postgresql-15, postgresql-client-15).
# Sourced, not run:
#
#   . "$TESTS_DIR/support/pg_cluster.sh"
#   PGC=$(mktemp -d /tmp/itbcp-pg.XXXXXX)
#   pg_cluster_start "$PGC"            # exports ITBCP_PG_BASE
#   uri=$(pg_cluster_newdb t1)         # postgresql://itbcp@127.0.0.1:PORT/t1
#   …
#   pg_cluster_stop "$PGC"             # fast stop, DIR removed
#
# PostgreSQL refuses to run as root: when the caller is root the server
# runs as the unprivileged user postgres (runuser), so DIR and every
# folder above it must be reachable by that user (a mktemp -d under /tmp
# is; the tests' own $T, mode 0700, is not).  Any other user (postgres
# itself, or a developer) runs initdb and the server directly.
#
# The cluster: initdb -A trust -U itbcp -E UTF8 --locale=C.UTF-8; the server
# listens on 127.0.0.1 only, on a free port tried from a random base, with
# its socket in DIR; fsync and synchronous_commit on (a commit costs what
# it costs in production), small shared_buffers.  initdb runs with
# --no-sync: its files are thrown away with DIR, so syncing them to disk
# would only cost time.  pg_cluster_newdb needs only ITBCP_PG_BASE, so a
# cluster started once per test run can give each test its own database.
# PG_CLUSTER_CONF, when set, is appended to postgresql.conf (lines that
# come later win: bench/checkin.sh gives its clusters larger buffers).
#
# pg_cluster_standby PRIMARY_DIR DIR NAME makes DIR a streaming hot
# standby of the running cluster in PRIMARY_DIR (pg_basebackup -R), which
# names itself NAME to the primary (its application_name, the name
# synchronous_standby_names lists); pg_cluster_ticks DIR is the CPU its
# server's processes have used.

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

# _pg_owner CMD…: CMD as the cluster's owner (postgres when we are root).
# Run from / : the caller's directory may be one postgres cannot enter.
_pg_owner() {
	if [ "$(id -u)" = 0 ]; then
		(cd / && runuser -u postgres -- "$@")
	else
		(cd / && "$@")
	fi
}

# _pg_psql ARGS…: psql from the cluster's own version, quiet, no ~/.psqlrc.
_pg_psql() {
	"$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 "$@"
}

# pg_cluster_start DIR: a new cluster in DIR/data, started; exports
# ITBCP_PG_BASE=postgresql://itbcp@127.0.0.1:PORT and writes it in DIR/base.  Returns 1 with a
# message on stderr (and the server's log) when it cannot.
pg_cluster_start() {
	_pg_dir=$1
	[ -x "$PG_BIN/initdb" ] || {
		echo "pg_cluster: $PG_BIN/initdb is missing (scripts/deps.sh installs postgresql-15)" >&2
		return 1
	}
	mkdir -p "$_pg_dir" || return 1
	if [ "$(id -u)" = 0 ]; then
		id postgres >/dev/null 2>&1 || {
			echo "pg_cluster: running as root and there is no user postgres to run the server" >&2
			return 1
		}
		chown postgres: "$_pg_dir" || return 1
	fi
	chmod 700 "$_pg_dir" || return 1
	_pg_owner test -w "$_pg_dir" || {
		echo "pg_cluster: $_pg_dir is not reachable by the server's user" \
			"(postgres when run as root): choose a folder under /tmp" >&2
		return 1
	}
	_pg_owner "$PG_BIN/initdb" -D "$_pg_dir/data" -A trust -U itbcp -E UTF8 \
		--locale=C.UTF-8 --no-sync --no-instructions >"$_pg_dir/initdb.log" 2>&1 || {
		cat "$_pg_dir/initdb.log" >&2
		return 1
	}
	cat >>"$_pg_dir/data/postgresql.conf" <<EOF
# pg_cluster.sh
listen_addresses = '127.0.0.1'
unix_socket_directories = '$_pg_dir'
fsync = on
synchronous_commit = on
shared_buffers = 16MB
max_connections = 50
max_wal_size = 256MB
log_min_messages = warning
${PG_CLUSTER_CONF:-}
EOF
	# A port from a random base in 20000–59999 (or PG_CLUSTER_PORT); a port
	# taken by another program makes the start fail, and another is tried.
	_pg_start_on_free_port "$_pg_dir" || return 1
	ITBCP_PG_BASE=postgresql://itbcp@127.0.0.1:$_pg_port
	export ITBCP_PG_BASE
	# (also in DIR/base, for a caller that started it in the background)
	echo "$ITBCP_PG_BASE" >"$_pg_dir/base"
}

# _pg_start_on_free_port DIR: starts the cluster in DIR/data on a free
# port (from a random base, or PG_CLUSTER_PORT), its log DIR/server.log;
# sets _pg_port.  Returns 1 with the log on stderr when it cannot.
_pg_start_on_free_port() {
	_pg_port=${PG_CLUSTER_PORT:-$((20000 + $(od -An -N2 -tu2 /dev/urandom) % 40000))}
	_pg_try=0
	while :; do
		rm -f "$1/server.log"
		if _pg_owner "$PG_BIN/pg_ctl" -D "$1/data" -l "$1/server.log" \
			-o "-p $_pg_port" -w -t 60 start >/dev/null 2>&1; then
			return 0
		fi
		_pg_try=$((_pg_try + 1))
		if [ $_pg_try -ge 10 ] || ! grep -q "could not bind\|could not create listen" \
			"$1/server.log" 2>/dev/null; then
			echo "pg_cluster: the server did not start (port $_pg_port):" >&2
			cat "$1/server.log" >&2 2>/dev/null
			return 1
		fi
		_pg_port=$((20000 + (_pg_port - 20000 + 1 + $(od -An -N1 -tu1 /dev/urandom)) % 40000))
	done
}

# pg_cluster_standby PRIMARY_DIR DIR NAME: a hot standby of the cluster
# running in PRIMARY_DIR, in DIR/data: a base backup taken over
# streaming replication from 127.0.0.1 (pg_basebackup -R writes the
# connection to the primary and standby.signal), cluster_name NAME (so
# the primary sees application_name NAME), its own socket folder, started
# on a free port.  Writes postgresql://itbcp@127.0.0.1:PORT in DIR/base
# and prints it.  The primary must allow replication connections (initdb's
# pg_hba.conf with -A trust does, and wal_level replica is the default).
pg_cluster_standby() {
	_pg_dir=$2
	_pg_pport=$(sed 's|.*:||' "$1/base")
	mkdir -p "$_pg_dir" || return 1
	if [ "$(id -u)" = 0 ]; then
		chown postgres: "$_pg_dir" || return 1
	fi
	chmod 700 "$_pg_dir" || return 1
	_pg_owner "$PG_BIN/pg_basebackup" -D "$_pg_dir/data" -R -X stream -c fast \
		-h 127.0.0.1 -p "$_pg_pport" -U itbcp >"$_pg_dir/basebackup.log" 2>&1 || {
		cat "$_pg_dir/basebackup.log" >&2
		return 1
	}
	cat >>"$_pg_dir/data/postgresql.conf" <<EOF
# pg_cluster_standby
unix_socket_directories = '$_pg_dir'
cluster_name = '$3'
hot_standby = on
EOF
	_pg_start_on_free_port "$_pg_dir" || return 1
	echo "postgresql://itbcp@127.0.0.1:$_pg_port" >"$_pg_dir/base"
	cat "$_pg_dir/base"
}

# pg_cluster_ticks DIR: CPU time (user + system, clock ticks) used so far
# by the server of the cluster in DIR: its postmaster (with the children
# it has reaped) and every process it runs now (backends, walsender, WAL
# writer, checkpointer …).
pg_cluster_ticks() {
	_pg_pm=$(head -n 1 "$1/data/postmaster.pid" 2>/dev/null) || { echo 0; return; }
	{
		awk '{ print $14 + $15 + $16 + $17 }' "/proc/$_pg_pm/stat" 2>/dev/null
		for _pg_c in $(ps -o pid= --ppid "$_pg_pm"); do
			awk '{ print $14 + $15 }' "/proc/$_pg_c/stat" 2>/dev/null
		done
	} | awk '{ s += $1 } END { print s + 0 }'
}

# pg_cluster_newdb NAME: creates database NAME (letters, digits, _) in the
# cluster of ITBCP_PG_BASE and prints its URI.
pg_cluster_newdb() {
	case $1 in
	'' | *[!a-z0-9_]*)
		echo "pg_cluster_newdb: '$1' is not a plain name (a-z, 0-9, _)" >&2
		return 1
		;;
	esac
	: "${ITBCP_PG_BASE:?pg_cluster_newdb: no cluster (pg_cluster_start)}"
	_pg_psql -d "$ITBCP_PG_BASE/postgres" -c "CREATE DATABASE \"$1\"" || return 1
	echo "$ITBCP_PG_BASE/$1"
}

# pg_cluster_stop DIR: stops the cluster in DIR (fast: open sessions are
# ended) and removes DIR.  Safe on a DIR whose cluster never started.
pg_cluster_stop() {
	if [ -f "$1/data/postmaster.pid" ]; then
		_pg_owner "$PG_BIN/pg_ctl" -D "$1/data" -m fast -w -t 60 stop >/dev/null 2>&1 ||
			echo "pg_cluster: the server in $1 did not stop" >&2
	fi
	rm -rf "$1"
}

# pg_test_db NAME: for a test, a database NAME_<pid> and its URI in PG:
# in the run's cluster when there is one (ITBCP_PG_BASE, tests/run.sh),
# else in a cluster of the test's own, started here.  pg_test_cleanup
# (in the test's EXIT trap) drops the one or stops the other.
pg_test_db() {
	PG_TEST_DB=${1}_$$
	PG_TEST_CLUSTER=""
	if [ -z "${ITBCP_PG_BASE:-}" ]; then
		PG_TEST_CLUSTER=$(mktemp -d "${TMPDIR:-/tmp}/itbcp-pg.XXXXXX")
		pg_cluster_start "$PG_TEST_CLUSTER" || return 1
	fi
	PG=$(pg_cluster_newdb "$PG_TEST_DB")
}
pg_test_cleanup() {
	if [ -n "${PG_TEST_CLUSTER:-}" ]; then
		pg_cluster_stop "$PG_TEST_CLUSTER"
	elif [ -n "${PG_TEST_DB:-}" ]; then
		_pg_psql -d "$ITBCP_PG_BASE/postgres" -c "DROP DATABASE IF EXISTS $PG_TEST_DB WITH (FORCE)" >/dev/null 2>&1 || :
	fi
}
