#!/bin/sh
# bench/verify.sh — how long `itbcp incident verify` takes on a long
# record: a check-in burst's record of ENTRIES check-ins (default 143,000;
# bench/record_gen.c appends them through the store's own group-commit
# path), verified with the release build (build/itbcp), RUNS times
# (default 2): wall, user and system time and the peak memory of each.
# ENGINE=postgresql does it on a throw-away PostgreSQL cluster
# (tests/support/pg_cluster.sh) too, twice: right after the record was
# written, before any statistics of the tables (autovacuum off for them,
# as in the minute after a burst), and after ANALYZE.  Timings only: it
# never passes or fails on a figure (exit 1 only when it cannot measure).
#
#   bench/verify.sh                       # ~10 s
#   ENTRIES=40000 ITBCP=/tmp/old/itbcp bench/verify.sh
#   ENGINE=postgresql bench/verify.sh
set -eu
cd "$(dirname "$0")/.."

ITBCP=${ITBCP:-$PWD/build/itbcp}
ENTRIES=${ENTRIES:-143000}
RUNS=${RUNS:-2}
ENGINE=${ENGINE:-sqlite}
CC=${CC:-cc}

die() {
	echo "bench/verify.sh: $*" >&2
	exit 1
}
[ -x "$ITBCP" ] || die "$ITBCP is missing (make, for the release build)"
make -s build/release/libitbcp.a || die "cannot build build/release/libitbcp.a"

T=$(mktemp -d /tmp/itbcp-verify.XXXXXX)
PGC=""
cleanup() {
	[ -z "$PGC" ] || pg_cluster_stop "$PGC" || true
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# the libraries the binary links (the Makefile's PKGS)
PKGS=$(sed -n 's/^PKGS = //p' Makefile)
# shellcheck disable=SC2046,SC2086 # pkg-config's words are words
"$CC" -std=c17 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -O2 -Isrc -Ibuild/gen \
	$(pkg-config --cflags jansson) -o "$T/record_gen" bench/record_gen.c build/release/libitbcp.a \
	$(pkg-config --libs $PKGS) -lm -lpthread || die "cannot build bench/record_gen.c"

# record DB: the demo plan, an incident, ENTRIES check-ins of p-sato.
record() {
	"$ITBCP" --db "$1" init --demo >/dev/null
	"$ITBCP" --db "$1" incident start --event disaster --at 2026-01-12T18:00+09:00 --intensity 6- \
		--area 東京都 --as bench >/dev/null
	"$T/record_gen" "$1" 1 p-sato "$ENTRIES" || die "record_gen failed"
}

# measure NAME DB: RUNS verifies of incident 1, one line each.
measure() {
	r=1
	while [ $r -le "$RUNS" ]; do
		/usr/bin/time -f "%e %U %S %M" -o "$T/time" "$ITBCP" --db "$2" incident verify 1 >"$T/out" ||
			die "verify on $1: $(cat "$T/out")"
		read -r wall user sys kb <"$T/time"
		printf '  %-22s run %d: %6.2f s wall %6.2f s user %5.2f s sys %7d KB  %s\n' "$1" $r \
			"$wall" "$user" "$sys" "$kb" "$(head -n 1 "$T/out" | sed "s/,.*//")"
		r=$((r + 1))
	done
}

echo "bench/verify.sh: $ENTRIES check-ins, $RUNS runs, $($ITBCP version 2>/dev/null | head -n 1)"
record "$T/v.db"
measure sqlite "$T/v.db"

if [ "$ENGINE" = postgresql ]; then
	. tests/support/pg_cluster.sh
	PGC=$(mktemp -d /tmp/itbcp-pg.XXXXXX)
	pg_cluster_start "$PGC"
	export ITBCP_RECORD_KEY="$T/pg.key"
	db=$(pg_cluster_newdb verify)
	"$ITBCP" --db "$db" init --demo >/dev/null
	_pg_psql -d "$db" -c "ALTER TABLE incident_timeline SET (autovacuum_enabled = false);
		ALTER TABLE incident_checkins SET (autovacuum_enabled = false)" >/dev/null
	"$ITBCP" --db "$db" incident start --event disaster --at 2026-01-12T18:00+09:00 --intensity 6- \
		--area 東京都 --as bench >/dev/null
	"$T/record_gen" "$db" 1 p-sato "$ENTRIES" || die "record_gen failed on PostgreSQL"
	measure "postgresql, no stats" "$db"
	_pg_psql -d "$db" -c "ANALYZE incident_timeline; ANALYZE incident_checkins" >/dev/null
	measure "postgresql, analyzed" "$db"
fi
