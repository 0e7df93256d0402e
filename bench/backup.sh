#!/bin/sh
# bench/backup.sh — what a backup costs a check-in burst (issue 17): the
# rate of durable check-ins while `itbcp backup` copies the database,
# beside the rate without one, in the same run.  Modelled on
# bench/checkin.sh, whose burst it repeats.
#
# Loopback only, bounded in time.  Sets up a generated plan (PEOPLE people,
# default 2,000), starts an incident and `itbcp serve` (the release build),
# and first fills the database with WARMUP of check-ins (default 10s) so
# that there is something to copy.  Then, RUNS times (default 3),
# interleaved:
#   alone    wrk -t2 -cCONNS with bench/checkin.lua for DURATION;
#   step     the same while `itbcp backup` runs back to back (the worst
#            case: a copy, its checks and its packing the whole time), copying with
#            SQLite's backup API in small steps from one read transaction
#            (the default);
#   vacuum   the same with `itbcp backup --method vacuum` (VACUUM INTO).
# It prints every run and the medians: accepted check-ins/s, p99 and the
# slowest answer (the longest stall the copy caused), each beside the rate
# alone; how many backups were made and how long each took; the database's
# size.  Timings only: it never passes or fails on a figure.
#
#   bench/backup.sh                       # ~2 minutes
#   RUNS=1 DURATION=5s WARMUP=5s bench/backup.sh
#   ITBCP=/tmp/b/itbcp CONNS=64 bench/backup.sh
set -eu
cd "$(dirname "$0")/.."

ITBCP=${ITBCP:-$PWD/build/itbcp}
RUNS=${RUNS:-3}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-10s}
CONNS=${CONNS:-256}
PEOPLE=${PEOPLE:-2000}
LUA=$PWD/bench/checkin.lua

die() {
	echo "bench/backup.sh: $*" >&2
	exit 1
}
command -v wrk >/dev/null || die "wrk is missing (apt-get install wrk)"
command -v curl >/dev/null || die "curl is missing (apt-get install curl)"
command -v jq >/dev/null || die "jq is missing (apt-get install jq)"
[ -x "$ITBCP" ] || die "$ITBCP is missing (make, for the release build)"
ITBCP=$(realpath "$ITBCP")

T=$(mktemp -d)
ITBCP_PID=""
LOOP_PID=""
cleanup() {
	touch "$T/stop"
	[ -z "$LOOP_PID" ] || wait "$LOOP_PID" 2>/dev/null || true
	[ -z "$ITBCP_PID" ] || kill "$ITBCP_PID" 2>/dev/null || true
	[ -z "$ITBCP_PID" ] || wait "$ITBCP_PID" 2>/dev/null || true
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

DB="$T/bench.db"
"$ITBCP" test-generate --systems 50 --people "$PEOPLE" --businesses 30 -o "$T/plan.json" >/dev/null
"$ITBCP" --db "$DB" init >/dev/null
"$ITBCP" --db "$DB" import "$T/plan.json" >/dev/null
"$ITBCP" --db "$DB" incident start --event disaster --at 2026-01-12T18:00+09:00 --intensity 6- \
	--area 東京都 --as bench >/dev/null
"$ITBCP" --db "$DB" incident show 1 --json | jq -r '.checkins.people[] | select(.called) | .person' >"$T/called"
"$ITBCP" --db "$DB" incident tokens --json |
	jq -r --rawfile c "$T/called" '($c | split("\n")) as $cs | .[] | select(.person as $p | $cs | index($p)) | .url' \
		>"$T/paths"
[ -s "$T/paths" ] || die "no check-in links for the called people"

. bench/itbcp.sh
start_itbcp "$DB"

# parse NAME FILE: appends "NAME req/s p99ms maxms non2xx total" to results.
parse() {
	awk -v name="$1" '
		function ms(v,   unit) {
			unit = v; sub(/[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v)
			return unit == "us" ? v / 1000 : unit == "s" ? v * 1000 : unit == "m" ? v * 60000 : v
		}
		/requests in/ { total = $1 }
		/^Requests\/sec:/ { rps = $2 }
		$1 == "Latency" && !max { max = ms($4) }
		$1 == "99%" { p99 = ms($2) }
		/Non-2xx or 3xx responses:/ { non2xx = $NF }
		END { printf "%s %.0f %.2f %.1f %d %d\n", name, (total ? rps * (total - non2xx) / total : 0), p99, max, non2xx, total }
	' "$2" >>"$T/results"
	tail -n 1 "$T/results" | awk '{ printf "  %-7s %8s accepted/s  p99 %8s ms  slowest %8s ms  non-2xx %s\n", $1, $2, $3, $4, $5 }'
}
burst() { # burst NAME: wrk against the check-in links for DURATION
	CHECKIN_PATHS="$T/paths" timeout 300 wrk --timeout 10s --latency -d"$1" -t2 -c"$CONNS" \
		-s "$LUA" "$U/" >"$T/wrk.out" 2>&1 || { cat "$T/wrk.out" >&2; die "wrk failed"; }
}
# backups METHOD: `itbcp backup` back to back until stopped; each one's
# copy time to copies.METHOD.
backups() {
	while [ ! -e "$T/stop" ]; do
		"$ITBCP" --db "$DB" backup --to "$T/bk" --keep-hourly 1 --keep-daily 0 --method "$1" --json \
			>"$T/b.json" 2>>"$T/b.err" || { echo fail >>"$T/copies.$1"; continue; }
		jq -r '"\(.copy_seconds) \(.seconds)"' "$T/b.json" >>"$T/copies.$1"
	done
}

echo "bench/backup.sh: wrk -t2 -c$CONNS -d$DURATION, $RUNS runs, loopback; warm-up $WARMUP"
echo "  machine: $(nproc) CPUs, $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg); $("$ITBCP" version | head -n 1)"
burst "$WARMUP"
echo "  database after the warm-up: $(du -k "$DB" | cut -f1) KiB (+ $(du -k "$DB-wal" 2>/dev/null | cut -f1 || echo 0) KiB log)," \
	"$("$ITBCP" --db "$DB" incident timeline 1 --json | jq '[.[] | select(.kind == "checkin")] | length') check-ins"
: >"$T/results"
r=1
while [ "$r" -le "$RUNS" ]; do
	echo "run $r of $RUNS"
	burst "$DURATION"
	parse alone "$T/wrk.out"
	for m in step vacuum; do
		rm -f "$T/stop"
		backups "$m" &
		LOOP_PID=$!
		burst "$DURATION"
		touch "$T/stop" # the backup under way ends before the next phase
		wait "$LOOP_PID" 2>/dev/null || true
		LOOP_PID=""
		parse "$m" "$T/wrk.out"
	done
	r=$((r + 1))
done

median() { # median NAME COLUMN
	awk -v n="$1" -v c="$2" '$1 == n { print $c }' "$T/results" | sort -g |
		awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
echo "medians of $RUNS runs (ratio = accepted/s ÷ the rate alone, same run)"
printf '  %-30s %12s %7s %9s %11s\n' "" "accepted/s" "ratio" "p99 ms" "slowest ms"
alone=$(median alone 2)
for n in alone step vacuum; do
	awk -v n="$n" -v r="$(median "$n" 2)" -v a="$alone" -v p="$(median "$n" 3)" -v m="$(median "$n" 4)" \
		'BEGIN { label = n == "alone" ? "check-ins alone" : n == "step" ? "while backup (step)" : "while backup (VACUUM INTO)"
			 printf "  %-30s %12.0f %7.2f %9.2f %11.1f\n", label, r, (a > 0 ? r / a : 0), p, m }'
done
for m in step vacuum; do
	sort -g "$T/copies.$m" 2>/dev/null | awk -v m="$m" '$1 != "fail" { v[++n] = $1; w[n] = $2 } $1 == "fail" { f++ }
		END { if (n) printf "  backups (%s): %d made in %d runs, the copy %.2f s median (%.2f s longest), with its checks and packing %.2f s%s\n", m, n, '"$RUNS"', v[int((n + 1) / 2)], v[n], w[int((n + 1) / 2)], f ? ", " f " failed" : "" }'
done
echo "  database at the end: $(du -k "$DB" | cut -f1) KiB; last backup $(du -k "$T"/bk/*.itbcp-backup | tail -n 1 | cut -f1) KiB"
[ ! -s "$T/b.err" ] || { echo "itbcp backup said on stderr:"; sort "$T/b.err" | uniq -c | head -n 5; }
