#!/bin/sh
# bench/flood.sh — the check-in burst while the server is attacked, beside
# the same burst without the attack, in the same run (doc/performance.md:
# "check-in burst while one address holds its maximum of idle connections
# and another floods /login: ≥ 0.8× the rate without them").
#
# Loopback only, bounded in time.  Sets up what bench/checkin.sh does (a
# generated plan of PEOPLE people, an incident, the called people's links),
# starts the release build with its default connection limits (256 from
# one address), then RUNS times (default 3), interleaved:
#   alone   wrk -t2 -cCONNS (default 200: wrk is one address, 127.0.0.1,
#           and must stay under the per-address limit) with
#           bench/checkin.lua, POSTing reports for the called people;
#   flood   the same while bench/flood.py, from 127.0.0.3, keeps HOLD
#           (default 300) silent connections open — the server keeps 256,
#           closes the rest and times out the kept ones after 10 s, and
#           the script opens them again every half second — and, from
#           127.0.0.2, LOGIN_WORKERS (default 16) kept-alive connections
#           POST /login with wrong passwords for an existing account as
#           fast as they are answered.
# It prints each run, the medians, the ratio flood ÷ alone, what the two
# attackers saw (connections held, login answers by status), and the
# reports in the database against the 2xx answers.  Timings only: it never
# passes or fails on a figure (exit 1 only when it cannot measure).  The
# attackers run on the same two cores as the server and wrk, so the ratio
# includes their own CPU (python, ~one core at most for the login flood):
# an attack from another machine costs the server less than this.
#
#   bench/flood.sh                     # ~1 minute
#   RUNS=1 DURATION=5s bench/flood.sh
#   ITBCP=/tmp/b/itbcp bench/flood.sh
set -eu
cd "$(dirname "$0")/.."

ITBCP=${ITBCP:-$PWD/build/itbcp}
RUNS=${RUNS:-3}
DURATION=${DURATION:-10s}
CONNS=${CONNS:-200}
HOLD=${HOLD:-300}
LOGIN_WORKERS=${LOGIN_WORKERS:-16}
PEOPLE=${PEOPLE:-2000}
LUA=$PWD/bench/checkin.lua
FLOOD=$PWD/bench/flood.py

die() {
	echo "bench/flood.sh: $*" >&2
	exit 1
}
command -v wrk >/dev/null || die "wrk is missing (apt-get install wrk)"
command -v curl >/dev/null || die "curl is missing (apt-get install curl)"
command -v jq >/dev/null || die "jq is missing (apt-get install jq)"
command -v python3 >/dev/null || die "python3 is missing"
[ -x "$ITBCP" ] || die "$ITBCP is missing (make, for the release build)"
ITBCP=$(realpath "$ITBCP")
[ "$CONNS" -lt 256 ] || die "CONNS must stay under the per-address limit of 256 (wrk is one address)"

T=$(mktemp -d)
ITBCP_PID=""
HOLD_PID=""
LOGIN_PID=""
cleanup() {
	for p in $HOLD_PID $LOGIN_PID $ITBCP_PID; do kill "$p" 2>/dev/null || true; done
	for p in $HOLD_PID $LOGIN_PID $ITBCP_PID; do wait "$p" 2>/dev/null || true; done
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- a generated plan, an incident, the called people's links -------------------
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

# The server with the default per-address limit (start_itbcp raises it
# for the other benchmarks; the last --max-per-address counts).
. bench/itbcp.sh
start_itbcp "$DB" --max-per-address 256
PORT=${U##*:}
first=$(head -n 1 "$T/paths")
c=$(curl -s -o /dev/null -w '%{http_code}' --data 'status=safe&assembly=online' "$U$first")
[ "$c" = 200 ] || die "a check-in POST answered $c"

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
	tail -n 1 "$T/results" | awk '{ printf "  %-6s %9s req/s  p99 %7s ms  non-2xx %s  socket errors %s\n", $1, $2, $3, $4, $5 }'
}
# ticks PID…: CPU time (user + system, clock ticks) the processes and
# their threads have used so far.
ticks() {
	for p in "$@"; do
		awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0
	done | awk '{ s += $1 } END { print s + 0 }'
}
HZ=$(getconf CLK_TCK)
wrk_run() { # wrk_run NAME OUT
	CHECKIN_PATHS="$T/paths" timeout 120 wrk --timeout 5s --latency -d"$DURATION" -t2 -c"$CONNS" \
		-s "$LUA" "$U/" >"$2" 2>&1 || { cat "$2" >&2; die "wrk failed on $1"; }
}

echo "bench/flood.sh: wrk -t2 -c$CONNS -d$DURATION --latency, $RUNS runs, loopback; $NPATHS people called"
echo "  machine: $(nproc) CPUs, $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg); $("$ITBCP" version 2>/dev/null | head -n 1)"
echo "  $(grep 'connections:' "$T/serve.out" | sed 's/^itbcp: //')"
echo "  attack: $HOLD silent connections kept from 127.0.0.3; $LOGIN_WORKERS connections sending wrong passwords from 127.0.0.2"
: >"$T/results"
: >"$T/attack"
: >"$T/cpu"
r=1
while [ "$r" -le "$RUNS" ]; do
	echo "run $r of $RUNS"
	t0=$(ticks "$ITBCP_PID")
	wrk_run alone "$T/alone.out"
	t1=$(ticks "$ITBCP_PID")
	parse alone "$T/alone.out"
	echo "cpu alone $((t1 - t0)) 0" >>"$T/cpu"

	python3 "$FLOOD" hold 127.0.0.3 "$PORT" "$HOLD" >"$T/hold.out" 2>&1 &
	HOLD_PID=$!
	python3 "$FLOOD" login 127.0.0.2 "$PORT" bench "$LOGIN_WORKERS" >"$T/login.out" 2>&1 &
	LOGIN_PID=$!
	sleep 2
	t0=$(ticks "$ITBCP_PID")
	a0=$(ticks "$HOLD_PID" "$LOGIN_PID")
	wrk_run flood "$T/flood.out"
	t1=$(ticks "$ITBCP_PID")
	a1=$(ticks "$HOLD_PID" "$LOGIN_PID")
	echo "cpu flood $((t1 - t0)) $((a1 - a0))" >>"$T/cpu"
	kill -TERM "$HOLD_PID" "$LOGIN_PID"
	wait "$HOLD_PID" || true
	wait "$LOGIN_PID" || true
	HOLD_PID=""
	LOGIN_PID=""
	parse flood "$T/flood.out"
	sed 's/^/         /' "$T/hold.out" "$T/login.out"
	cat "$T/hold.out" "$T/login.out" >>"$T/attack"
	r=$((r + 1))
done

median() { # median NAME COLUMN
	awk -v n="$1" -v c="$2" '$1 == n { print $c }' "$T/results" | sort -g |
		awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
awk '{ print "acc_" $1, ($6 > 0 ? $2 * ($6 - $4) / $6 : 0), $3 }' "$T/results" >>"$T/results"
alone=$(median acc_alone 2)
flood=$(median acc_flood 2)
echo "medians of $RUNS runs"
printf '  %-44s %10s %9s\n' "" "per second" "p99 ms"
printf '  %-44s %10.0f %9.2f\n' "accepted check-ins, alone" "$alone" "$(median alone 3)"
printf '  %-44s %10.0f %9.2f\n' "accepted check-ins, idle connections + /login flood" "$flood" "$(median flood 3)"
awk -v a="$alone" -v f="$flood" 'BEGIN { if (a > 0) printf "  flood ÷ alone: %.2f (goal ≥ 0.8)\n", f / a }'
sum() { awk -v n="$1" -v c="$2" '$1 == n { s += $c } END { print s + 0 }' "$T/results"; }
# CPU seconds per second of wrk: the server's, alone and under attack, and
# the attackers' own (they share the two cores with the server and wrk).
awk -v hz="$HZ" -v d="${DURATION%s}" -v runs="$RUNS" '$1 == "cpu" { s[$2] += $3; a[$2] += $4 }
	END { printf "  CPU, cores busy during wrk: itbcp alone %.2f, itbcp under attack %.2f, the attackers %.2f\n",
		s["alone"] / hz / d / runs, s["flood"] / hz / d / runs, a["flood"] / hz / d / runs }' "$T/cpu"
# The server's CPU per accepted check-in, the attack's work included:
# what the attack costs the server itself, whoever else shares the cores.
awk -v hz="$HZ" -v na="$(sum alone 6)" -v nf="$(sum flood 6)" '$1 == "cpu" { s[$2] += $3 }
	END { if (na > 0 && nf > 0) printf "  itbcp CPU per check-in answered: alone %.0f µs, under attack %.0f µs\n",
		s["alone"] * 1e6 / hz / na, s["flood"] * 1e6 / hz / nf }' "$T/cpu"
echo "  non-2xx check-in answers: $(($(sum alone 4) + $(sum flood 4))) of $(($(sum alone 6) + $(sum flood 6)));" \
	"socket errors: $(($(sum alone 5) + $(sum flood 5)))"

kill -TERM "$ITBCP_PID"
wait "$ITBCP_PID" 2>/dev/null || true
ITBCP_PID=""
held=$("$ITBCP" --db "$DB" incident timeline 1 --json | jq '[.[] | select(.kind == "checkin")] | length')
ok=$(($(sum alone 6) - $(sum alone 4) + $(sum flood 6) - $(sum flood 4)))
echo "  reports in the database: $held (2xx answers counted by wrk: $ok, plus the one check before the runs)"
failed=$(grep -c 'sign-in failed' "$T/serve.err" || true)
echo "  wrong passwords hashed and logged by the server: $failed"
if grep -v 'sign-in failed' "$T/serve.err" | grep -q .; then
	echo "itbcp serve said on stderr:"
	grep -v 'sign-in failed' "$T/serve.err" | head -n 20
fi
