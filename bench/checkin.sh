#!/bin/sh
# bench/checkin.sh — durable check-ins per second during a burst, beside
# nginx in the same run (doc/performance.md: accepted check-ins/s ≥ 0.5 ×
# nginx's static 2 KB page and p99 ≤ 1.5 × nginx's at 256 connections; ≤ 10 ms at 64).
#
# Loopback only, bounded in time.  Sets up a generated plan (PEOPLE
# people, default 2,000, of whom those holding crisis roles are called),
# starts an incident, takes every called person's /c/TOKEN link from
# `itbcp incident tokens --json`, and starts the release build
# (build/itbcp) and nginx (a static 2 KB page, temporary config, as
# bench/web.sh does).  Then, RUNS times (default 3), interleaved:
#   nginx    wrk -t2 -cCONNS on the static page;
#   checkin  wrk -t2 -cCONNS with bench/checkin.lua, POSTing reports for
#            the called people in turn (every answer is sent only after
#            the report's batch is committed and the log flushed to disk);
#   burst    the same again while BOARD_READERS people (default 4) watch
#            the incident board /incidents/1 as signed-in viewers, each
#            reloading it BOARD_PAUSE (0.25 s) after it came: a second wrk
#            with bench/board.lua, whose delay() makes the pause (without
#            it wrk would read the board as fast as it can and measure only
#            how the board starves the check-ins).
# It prints every run and the medians: accepted check-ins/s (2xx answers
# per second), their p99, non-2xx answers, nginx's req/s and the ratio,
# alone and during the board reads; the board's answers, rate and p99;
# the CPU time nginx and itbcp used per answer (steadier than req/s on a
# machine that is busy with other work); and the reports the database
# holds at the end against the 2xx answers counted.  Timings only: it
# never passes or fails on a figure (exit 1 only when it cannot measure).
#
#   bench/checkin.sh                       # ~2 minutes
#   RUNS=1 DURATION=5s bench/checkin.sh
#   ITBCP=build-x/itbcp CONNS=64 bench/checkin.sh
#   SERVE_THREADS=8 bench/checkin.sh        # itbcp serve --threads 8
set -eu
cd "$(dirname "$0")/.."

ITBCP=${ITBCP:-$PWD/build/itbcp}
RUNS=${RUNS:-3}
DURATION=${DURATION:-10s}
CONNS=${CONNS:-256}
BOARD_READERS=${BOARD_READERS:-4}
BOARD_PAUSE=${BOARD_PAUSE:-0.25}
PEOPLE=${PEOPLE:-2000}
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
LUA=$PWD/bench/checkin.lua
BOARD_LUA=$PWD/bench/board.lua
BOARD_PAUSE_MS=$(awk -v s="$BOARD_PAUSE" 'BEGIN { printf "%d", s * 1000 }')
export BOARD_PAUSE_MS

die() {
	echo "bench/checkin.sh: $*" >&2
	exit 1
}
command -v wrk >/dev/null || die "wrk is missing (apt-get install wrk)"
[ -x "$NGINX" ] || die "nginx is missing (apt-get install nginx-light)"
command -v curl >/dev/null || die "curl is missing (apt-get install curl)"
command -v jq >/dev/null || die "jq is missing (apt-get install jq)"
[ -x "$ITBCP" ] || die "$ITBCP is missing (make, for the release build)"
ITBCP=$(realpath "$ITBCP")
SECONDS_EACH=${DURATION%s}
case $SECONDS_EACH in '' | *[!0-9]*) die "DURATION must be whole seconds, like 10s" ;; esac

T=$(mktemp -d)
ITBCP_PID=""
NGINX_PID=""
cleanup() {
	[ -z "$ITBCP_PID" ] || kill "$ITBCP_PID" 2>/dev/null || true
	[ -z "$NGINX_PID" ] || kill "$NGINX_PID" 2>/dev/null || true
	[ -z "$ITBCP_PID" ] || wait "$ITBCP_PID" 2>/dev/null || true
	[ -z "$NGINX_PID" ] || wait "$NGINX_PID" 2>/dev/null || true
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- nginx: a static 2 KB page on a loopback port --------------------------
. bench/nginx.sh
start_nginx
NGINX_URL="http://127.0.0.1:$NGINX_PORT/"

# ---- itbcp: a generated plan, an incident, the called people's links ---------
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
NPATHS=$(wc -l <"$T/paths")
[ "$NPATHS" -gt 0 ] || die "no check-in links for the called people"
echo 'bench-pass-12345' | "$ITBCP" --db "$DB" user add bench --role viewer --password-stdin >/dev/null

. bench/itbcp.sh
start_itbcp "$DB" ${SERVE_THREADS:+--threads "$SERVE_THREADS"}

# A viewer's session for the board.
COOKIE="itbcp_session=$(sign_in bench bench-pass-12345 "$T/jar")"
BOARD="$U/incidents/1"

# Every target answers 200 before it is measured.
first=$(head -n 1 "$T/paths")
for t in "$NGINX_URL" "$U$first"; do
	c=$(curl -s -o /dev/null -w '%{http_code}' "$t")
	[ "$c" = 200 ] || die "$t answered $c"
done
c=$(curl -s -o "$T/post.html" -w '%{http_code}' --data 'status=safe&assembly=online' "$U$first")
[ "$c" = 200 ] && grep -q "受け付けました" "$T/post.html" || die "a check-in POST answered $c"
c=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $COOKIE" "$BOARD")
if [ "$c" != 200 ]; then
	echo "bench/checkin.sh: the board $BOARD answered $c: not read during the burst" >&2
	BOARD=""
fi

# ---- measuring ------------------------------------------------------------------
# parse NAME FILE: appends "NAME req/s p99ms non2xx errors total" to results.
parse() {
	awk -v name="$1" '
		/requests in/ { total = $1 }
		/^Requests\/sec:/ { rps = $2 }
		$1 == "99%" {
			v = $2; unit = v; sub(/[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v)
			p99 = unit == "us" ? v / 1000 : unit == "s" ? v * 1000 : unit == "m" ? v * 60000 : v
		}
		/Non-2xx or 3xx responses:/ { non2xx = $NF }
		/Socket errors:/ { gsub(/,/, ""); errors = $4 + $6 + $8 + $10 }
		END { printf "%s %.0f %.2f %d %d %d\n", name, rps, p99, non2xx, errors, total }
	' "$2" >>"$T/results"
	tail -n 1 "$T/results" | awk '{ printf "  %-8s %9s req/s  p99 %7s ms  non-2xx %s  socket errors %s\n", $1, $2, $3, $4, $5 }'
}
# ticks PID…: CPU time (user + system, clock ticks) the processes and
# their threads have used so far; the figures below divide it by answers,
# which holds up better than req/s on a machine shared with other work.
ticks() {
	for p in "$@"; do
		awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0
	done | awk '{ s += $1 } END { print s + 0 }'
}
HZ=$(getconf CLK_TCK)
NGINX_PIDS="$NGINX_PID $(ps -o pid= --ppid "$NGINX_PID" | tr '\n' ' ')"

# wrk_run NAME OUT [wrk args…]
wrk_run() {
	name=$1 out=$2
	shift 2
	timeout 120 wrk --timeout 5s --latency -d"$DURATION" "$@" >"$out" 2>&1 ||
		{ cat "$out" >&2; die "wrk failed on $name"; }
}

echo "bench/checkin.sh: wrk -t2 -c$CONNS -d$DURATION --latency, $RUNS runs, loopback; $NPATHS people called"
echo "  machine: $(nproc) CPUs, $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg); $("$NGINX" -v 2>&1 | sed 's/.*: //'); $("$ITBCP" version 2>/dev/null | head -n 1)"
echo "  itbcp: $ITBCP at $U; nginx on 127.0.0.1:$NGINX_PORT ($(wc -c <"$T/www/index.html") byte page)"
: >"$T/results"
: >"$T/cpu"
r=1
while [ "$r" -le "$RUNS" ]; do
	echo "run $r of $RUNS"
	t0=$(ticks $NGINX_PIDS)
	wrk_run nginx "$T/nginx.out" -t2 -c"$CONNS" "$NGINX_URL"
	t1=$(ticks $NGINX_PIDS)
	parse nginx "$T/nginx.out"
	echo "cpu nginx $((t1 - t0)) $(awk '/requests in/ { print $1 }' "$T/nginx.out")" >>"$T/cpu"

	t0=$(ticks "$ITBCP_PID")
	CHECKIN_PATHS="$T/paths" wrk_run checkin "$T/checkin.out" -t2 -c"$CONNS" -s "$LUA" "$U/"
	t1=$(ticks "$ITBCP_PID")
	parse checkin "$T/checkin.out"
	echo "cpu itbcp $((t1 - t0)) $(awk '/requests in/ { print $1 }' "$T/checkin.out")" >>"$T/cpu"

	if [ -n "$BOARD" ]; then
		wrk_run board "$T/board.out" -t1 -c"$BOARD_READERS" -s "$BOARD_LUA" \
			-H "Cookie: $COOKIE" "$BOARD" &
		readers=$!
		CHECKIN_PATHS="$T/paths" wrk_run burst "$T/burst.out" -t2 -c"$CONNS" -s "$LUA" "$U/"
		wait "$readers" || die "the board readers failed"
		parse burst "$T/burst.out"
		parse board "$T/board.out"
	fi
	r=$((r + 1))
done

# ---- medians -----------------------------------------------------------------------
median() { # median NAME COLUMN
	awk -v n="$1" -v c="$2" '$1 == n { print $c }' "$T/results" | sort -g |
		awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# accepted/s of each check-in run: req/s × share of 2xx answers.
awk '$1 == "checkin" || $1 == "burst" { print "acc_" $1, ($6 > 0 ? $2 * ($6 - $4) / $6 : 0), $3 }' \
	"$T/results" >>"$T/results"
base=$(median nginx 2)
echo "medians of $RUNS runs (ratio = req/s ÷ nginx req/s, same run)"
printf '  %-34s %10s %9s %9s\n' "" "per second" "× nginx" "p99 ms"
row() { awk -v n="$1" -v r="$2" -v b="$base" -v p="$3" \
	'BEGIN { printf "  %-34s %10.0f %9.2f %9.2f\n", n, r, (b > 0 ? r / b : 0), p }'; }
row "nginx static 2 KB" "$base" "$(median nginx 3)"
row "accepted check-ins (POST)" "$(median acc_checkin 2)" "$(median checkin 3)"
if [ -n "$BOARD" ]; then
	row "accepted check-ins, board watched" "$(median acc_burst 2)" "$(median burst 3)"
	row "board GET during the burst" "$(median board 2)" "$(median board 3)"
fi
# With every connection always waiting for its answer, the mean latency is
# connections ÷ rate (Little's law): a p99 of 10 ms at 256 connections
# needs well over 25,600 answers per second.
awk -v c="$CONNS" -v r="$(median acc_checkin 2)" 'BEGIN { if (r > 0)
	printf "  mean latency by Little'"'"'s law, %d connections ÷ check-ins/s: %.1f ms\n", c, c * 1000 / r }'
# The p99 beside nginx's own at the same connections (the machine's floor).
awk -v n="$(median nginx 3)" -v a="$(median checkin 3)" -v b="$(median burst 3)" -v board="$BOARD" \
	'BEGIN { if (n > 0) printf "  p99 ÷ nginx p99: check-ins %.1f×%s\n", a / n,
		 board != "" ? sprintf(", board watched %.1f×", b / n) : "" }'
sum() { awk -v n="$1" -v c="$2" '$1 == n { s += $c } END { print s + 0 }' "$T/results"; }
echo "  non-2xx check-in answers: $(($(sum checkin 4) + $(sum burst 4))) of $(($(sum checkin 6) + $(sum burst 6)));" \
	"socket errors: $(($(sum checkin 5) + $(sum burst 5)))"
[ -z "$BOARD" ] || echo "  board answers with an error status: $(sum board 4) of $(sum board 6)"
[ -n "$BOARD" ] || echo "  board: not measured (no /incidents/1 page for a viewer in this build)"
awk -v hz="$HZ" '$1 == "cpu" { t[$2] += $3; n[$2] += $4 }
	END {
		a = n["nginx"] ? t["nginx"] * 1e6 / hz / n["nginx"] : 0
		b = n["itbcp"] ? t["itbcp"] * 1e6 / hz / n["itbcp"] : 0
		printf "  CPU per answer: nginx %.1f µs per page, itbcp %.1f µs per check-in", a, b
		if (b > 0) printf "; nginx/itbcp %.2f", a / b
		printf "\n"
	}' "$T/cpu"

# Every 2xx answer is a committed report: the database holds at least as
# many (wrk does not count answers still in flight when it stops).
kill -TERM "$ITBCP_PID"
wait "$ITBCP_PID" 2>/dev/null || true
ITBCP_PID=""
grep "check-in reports committed" "$T/serve.out" | sed 's/^itbcp: /  group commit: /'
held=$("$ITBCP" --db "$DB" incident timeline 1 --json | jq '[.[] | select(.kind == "checkin")] | length')
ok=$(($(sum checkin 6) - $(sum checkin 4) + $(sum burst 6) - $(sum burst 4)))
echo "  reports in the database: $held (2xx answers counted by wrk: $ok, plus the one check before the runs)"
if [ -s "$T/serve.err" ]; then
	echo "itbcp serve said on stderr:"
	head -n 20 "$T/serve.err"
fi
