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
#
# The storage engine (issue 18): ENGINE=sqlite (the default), postgresql,
# or both (SQLite, then PostgreSQL, in each run).  PostgreSQL runs in
# throw-away clusters on loopback (tests/support/pg_cluster.sh, as the
# postgres user when we are root), started and removed here; STANDBY
# lists its configurations, each measured in every run:
#   none   a cluster alone: a commit returns once its WAL is flushed on
#          this machine's disk (synchronous_commit = on)  [the default]
#   sync   a primary with a streaming hot standby (a second cluster made
#          by pg_basebackup -R) named in synchronous_standby_names: a
#          commit returns once the standby has flushed its WAL too
#   apply  the same primary and standby, synchronous_commit = remote_apply
#          for this database: once the standby has applied it (readers of
#          the standby see the report)
# e.g. ENGINE=both STANDBY="none sync apply" bench/checkin.sh.  Before the
# runs it checks that the standby streams and is synchronous
# (pg_stat_replication.sync_state = 'sync'); at the end, that the standby
# holds every report the primary holds.  Beside itbcp's CPU per check-in
# it prints the PostgreSQL servers' (the postmaster and all its processes,
# the standby's apart).  nginx is measured first in each run and once more
# after the last.  VERIFY=1 verifies each target's record at the end
# (`itbcp incident verify 1`; seconds for a long record: bench/verify.sh).
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

ENGINE=${ENGINE:-sqlite}
STANDBY=${STANDBY:-none}
case $ENGINE in
sqlite) ENGINES=sqlite ;;
postgresql) ENGINES=postgresql ;;
both) ENGINES="sqlite postgresql" ;;
*) die "ENGINE must be sqlite, postgresql or both" ;;
esac
# TARGETS: what is measured in each run, in order.
TARGETS=""
for en in $ENGINES; do
	if [ "$en" = sqlite ]; then
		TARGETS="$TARGETS sqlite"
		continue
	fi
	for sb in $(echo "$STANDBY" | tr ',' ' '); do
		case $sb in
		none) TARGETS="$TARGETS pg" ;;
		sync) TARGETS="$TARGETS pg_sync" ;;
		apply) TARGETS="$TARGETS pg_apply" ;;
		*) die "STANDBY must list none, sync or apply" ;;
		esac
	done
done

T=$(mktemp -d)
PGT="" # the clusters' folder: reachable by the postgres user, unlike $T
PIDS=""
NGINX_PID=""
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null || true; done
	[ -z "$NGINX_PID" ] || kill "$NGINX_PID" 2>/dev/null || true
	for p in $PIDS; do wait "$p" 2>/dev/null || true; done
	[ -z "$NGINX_PID" ] || wait "$NGINX_PID" 2>/dev/null || true
	if [ -n "$PGT" ]; then
		for d in "$PGT"/standby "$PGT"/primary "$PGT"/alone; do
			[ ! -d "$d" ] || pg_cluster_stop "$d"
		done
		rm -rf "$PGT"
	fi
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- nginx: a static 2 KB page on a loopback port --------------------------
. bench/nginx.sh
start_nginx
NGINX_URL="http://127.0.0.1:$NGINX_PORT/"

# The server's clock half an hour into the incident (started below at
# 18:00): the reports' times of arrival (18:00–22:59, bench/checkin.lua)
# are then all ahead or within the hour, whatever the hour of the run.  On
# the machine's own clock, after 19:00 in Japan the earliest became times
# past by more than an hour, which are asked about, not recorded: up to
# 3 % of the answers were 422 (2026-12-07, 19:20).
# (ITBCP_NOW=… in the environment sets another.)
: "${ITBCP_NOW:=2026-01-12T18:30+09:00}"
export ITBCP_NOW

# ---- PostgreSQL: the clusters the targets need -------------------------------
# Larger buffers than the tests' clusters (16 MB): the burst's tables fit.
# And PostgreSQL's own max_wal_size (1 GB), not the tests' 256 MB: a burst
# writes ~1 KB of WAL a report, and at 256 MB a checkpoint came every few
# seconds, each followed by full-page images of every page written again.
# pg_psql URI SQL: one value from the server.
pg_psql() { "$PG_BIN/psql" -X -q -t -A -v ON_ERROR_STOP=1 -d "$1" -c "$2"; }
case " $TARGETS " in *" pg"*)
	. tests/support/pg_cluster.sh
	command -v runuser >/dev/null || [ "$(id -u)" != 0 ] || die "runuser is missing"
	PGT=$(mktemp -d /tmp/itbcp-bench-pg.XXXXXX)
	chmod 755 "$PGT"
	PG_CLUSTER_CONF="shared_buffers = 128MB
max_wal_size = 1GB
max_wal_senders = 4"
	export PG_CLUSTER_CONF
	# the record's key: a PostgreSQL database has no folder beside it
	ITBCP_RECORD_KEY="$T/record.key"
	export ITBCP_RECORD_KEY
	;;
esac
case " $TARGETS " in *" pg "*)
	pg_cluster_start "$PGT/alone" || die "no PostgreSQL cluster"
	PG_ALONE=$ITBCP_PG_BASE
	;;
esac
case " $TARGETS " in *" pg_sync "* | *" pg_apply "*)
	pg_cluster_start "$PGT/primary" || die "no PostgreSQL primary"
	PG_PRIMARY=$ITBCP_PG_BASE
	PG_STANDBY=$(pg_cluster_standby "$PGT/primary" "$PGT/standby" itbcp_standby) ||
		die "no standby"
	pg_psql "$PG_PRIMARY/postgres" "ALTER SYSTEM SET synchronous_standby_names = 'itbcp_standby'" ||
		die "synchronous_standby_names"
	pg_psql "$PG_PRIMARY/postgres" "SELECT pg_reload_conf()" >/dev/null
	# Streaming and synchronous before anything is measured.
	i=0
	until [ "$(pg_psql "$PG_PRIMARY/postgres" "SELECT state || ' ' || sync_state FROM pg_stat_replication WHERE application_name = 'itbcp_standby'")" = "streaming sync" ]; do
		i=$((i + 1))
		[ $i -lt 100 ] || die "the standby is not streaming synchronously: $(pg_psql "$PG_PRIMARY/postgres" "SELECT application_name, state, sync_state FROM pg_stat_replication")"
		sleep 0.1
	done
	;;
esac

# ---- itbcp: a generated plan, an incident, the called people's links ---------
"$ITBCP" test-generate --systems 50 --people "$PEOPLE" --businesses 30 -o "$T/plan.json" >/dev/null
. bench/itbcp.sh

# setup_target NAME: the database of target NAME (SQLite in $T, or a new
# database in its cluster) with the plan, an incident and the called
# people's links in $T/NAME.paths; starts `itbcp serve` on it.  Sets
# DB_NAME, PID_NAME, U_NAME (eval'd), and the target's server ticks.
setup_target() {
	name=$1
	case $name in
	sqlite) db="$T/bench.db" ;;
	pg) db="$PG_ALONE/bench" ;;
	pg_sync) db="$PG_PRIMARY/bench_sync" ;;
	pg_apply) db="$PG_PRIMARY/bench_apply" ;;
	esac
	case $name in pg*)
		pg_psql "${db%/*}/postgres" "CREATE DATABASE ${db##*/}" || die "CREATE DATABASE ${db##*/}"
		;;
	esac
	# remote_apply for this database's sessions (ALTER DATABASE … SET)
	[ "$name" != pg_apply ] ||
		pg_psql "${db%/*}/postgres" "ALTER DATABASE ${db##*/} SET synchronous_commit = remote_apply" ||
		die "synchronous_commit"
	"$ITBCP" --db "$db" init >/dev/null
	"$ITBCP" --db "$db" import "$T/plan.json" >/dev/null
	"$ITBCP" --db "$db" incident start --event disaster --at 2026-01-12T18:00+09:00 --intensity 6- \
		--area 東京都 --as bench >/dev/null
	"$ITBCP" --db "$db" incident show 1 --json | jq -r '.checkins.people[] | select(.called) | .person' >"$T/called"
	"$ITBCP" --db "$db" incident tokens --json |
		jq -r --rawfile c "$T/called" '($c | split("\n")) as $cs | .[] | select(.person as $p | $cs | index($p)) | .url' \
			>"$T/$name.paths"
	[ -s "$T/$name.paths" ] || die "no check-in links for the called people ($name)"
	echo 'bench-pass-12345' | "$ITBCP" --db "$db" user add bench --role viewer --password-stdin >/dev/null
	SERVE_NAME=$name start_itbcp "$db" ${SERVE_THREADS:+--threads "$SERVE_THREADS"}
	PIDS="$PIDS $ITBCP_PID"
	eval "DB_$name=\$db PID_$name=\$ITBCP_PID U_$name=\$U"

	# A viewer's session for the board; every target answers 200 first.
	cookie="itbcp_session=$(sign_in bench bench-pass-12345 "$T/$name.jar")"
	eval "COOKIE_$name=\$cookie"
	first=$(head -n 1 "$T/$name.paths")
	c=$(curl -s -o /dev/null -w '%{http_code}' "$U$first")
	[ "$c" = 200 ] || die "$U$first answered $c"
	c=$(curl -s -o "$T/post.html" -w '%{http_code}' --data 'status=safe&assembly=online' "$U$first")
	[ "$c" = 200 ] && grep -q "受け付けました" "$T/post.html" || die "a check-in POST answered $c ($name)"
	c=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$U/incidents/1")
	[ "$c" = 200 ] || die "the board $U/incidents/1 answered $c ($name)"
}
for t in $TARGETS; do
	setup_target "$t"
done
c=$(curl -s -o /dev/null -w '%{http_code}' "$NGINX_URL")
[ "$c" = 200 ] || die "$NGINX_URL answered $c"
NPATHS=$(wc -l <"$T/$t.paths")

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
	# wrk's own line when there were any, for their kinds (connect, read,
	# write, timeout): one run on 2026-12-07 counted 128 and they could not
	# be told apart afterwards.
	sed -n 's/^ *Socket errors:/      wrk: socket errors:/p' "$2"
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
# cluster_of TARGET: the folder of the PostgreSQL cluster that serves it
# (none for SQLite); standby_of TARGET: its standby's, if any.
cluster_of() {
	case $1 in pg) echo "$PGT/alone" ;; pg_*) echo "$PGT/primary" ;; esac
}
standby_of() {
	case $1 in pg_*) echo "$PGT/standby" ;; esac
}
cluster_ticks() { [ -z "$1" ] && echo 0 || pg_cluster_ticks "$1"; }
label() {
	case $1 in
	sqlite) echo "SQLite, synchronous=FULL" ;;
	pg) echo "PostgreSQL alone, synchronous_commit=on" ;;
	pg_sync) echo "PostgreSQL + sync standby, on" ;;
	pg_apply) echo "PostgreSQL + sync standby, remote_apply" ;;
	esac
}
nginx_run() {
	t0=$(ticks $NGINX_PIDS)
	wrk_run nginx "$T/nginx.out" -t2 -c"$CONNS" "$NGINX_URL"
	t1=$(ticks $NGINX_PIDS)
	parse nginx "$T/nginx.out"
	echo "cpu nginx $((t1 - t0)) $(awk '/requests in/ { print $1 }' "$T/nginx.out")" >>"$T/cpu"
}

echo "bench/checkin.sh: wrk -t2 -c$CONNS -d$DURATION --latency, $RUNS runs, loopback; $NPATHS people called"
echo "  targets:$(for t in $TARGETS; do printf ' [%s]' "$(label "$t")"; done)"
echo "  machine: $(nproc) CPUs, $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg); $("$NGINX" -v 2>&1 | sed 's/.*: //'); $("$ITBCP" version 2>/dev/null | head -n 1)"
[ -z "$PGT" ] || echo "  PostgreSQL: $("$PG_BIN/postgres" --version)"
echo "  nginx on 127.0.0.1:$NGINX_PORT ($(wc -c <"$T/www/index.html") byte page)"
: >"$T/results"
: >"$T/cpu"
r=1
while [ "$r" -le "$RUNS" ]; do
	echo "run $r of $RUNS (load $(cut -d' ' -f1 /proc/loadavg))"
	nginx_run
	for t in $TARGETS; do
		eval "pid=\$PID_$t u=\$U_$t cookie=\$COOKIE_$t"
		pc=$(cluster_of "$t") sc=$(standby_of "$t")
		t0=$(ticks "$pid") p0=$(cluster_ticks "$pc") s0=$(cluster_ticks "$sc")
		CHECKIN_PATHS="$T/$t.paths" wrk_run "checkin_$t" "$T/checkin.out" -t2 -c"$CONNS" -s "$LUA" "$u/"
		t1=$(ticks "$pid") p1=$(cluster_ticks "$pc") s1=$(cluster_ticks "$sc")
		parse "checkin_$t" "$T/checkin.out"
		echo "cpu $t $((t1 - t0)) $(awk '/requests in/ { print $1 }' "$T/checkin.out") $((p1 - p0)) $((s1 - s0))" >>"$T/cpu"

		wrk_run board "$T/board.out" -t1 -c"$BOARD_READERS" -s "$BOARD_LUA" \
			-H "Cookie: $cookie" "$u/incidents/1" &
		readers=$!
		CHECKIN_PATHS="$T/$t.paths" wrk_run "burst_$t" "$T/burst.out" -t2 -c"$CONNS" -s "$LUA" "$u/"
		wait "$readers" || die "the board readers failed"
		parse "burst_$t" "$T/burst.out"
		parse "board_$t" "$T/board.out"
	done
	r=$((r + 1))
done
echo "nginx, after the last run (load $(cut -d' ' -f1 /proc/loadavg))"
nginx_run

# ---- medians -----------------------------------------------------------------------
median() { # median NAME COLUMN
	awk -v n="$1" -v c="$2" '$1 == n { print $c }' "$T/results" | sort -g |
		awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# accepted/s of each check-in run: req/s × share of 2xx answers.
awk '$1 ~ /^(checkin|burst)_/ { print "acc_" $1, ($6 > 0 ? $2 * ($6 - $4) / $6 : 0), $3 }' \
	"$T/results" >>"$T/results"
base=$(median nginx 2)
echo "medians of $RUNS runs (ratio = req/s ÷ nginx's median req/s, $((RUNS + 1)) nginx rounds in the same run)"
printf '  %-46s %10s %9s %9s\n' "" "per second" "× nginx" "p99 ms"
row() { awk -v n="$1" -v r="$2" -v b="$base" -v p="$3" \
	'BEGIN { printf "  %-46s %10.0f %9.2f %9.2f\n", n, r, (b > 0 ? r / b : 0), p }'; }
row "nginx static 2 KB" "$base" "$(median nginx 3)"
for t in $TARGETS; do
	echo "  $(label "$t"):"
	row "  accepted check-ins (POST)" "$(median "acc_checkin_$t" 2)" "$(median "checkin_$t" 3)"
	row "  accepted check-ins, board watched" "$(median "acc_burst_$t" 2)" "$(median "burst_$t" 3)"
	row "  board GET during the burst" "$(median "board_$t" 2)" "$(median "board_$t" 3)"
	# With every connection always waiting for its answer, the mean latency is
	# connections ÷ rate (Little's law).
	awk -v c="$CONNS" -v r="$(median "acc_checkin_$t" 2)" -v n="$(median nginx 3)" \
		-v a="$(median "checkin_$t" 3)" -v b="$(median "burst_$t" 3)" 'BEGIN {
		if (r > 0) printf "    mean latency by Little'"'"'s law, %d connections ÷ check-ins/s: %.1f ms\n", c, c * 1000 / r
		if (n > 0) printf "    p99 ÷ nginx p99: check-ins %.1f×, board watched %.1f×\n", a / n, b / n }'
done
sum() { awk -v n="$1" -v c="$2" '$1 == n { s += $c } END { print s + 0 }' "$T/results"; }
# CPU per answer, from the check-in rounds alone (no board): itbcp's
# process, and the PostgreSQL servers' (primary or alone; standby).
awk -v hz="$HZ" '$1 == "cpu" { t[$2] += $3; n[$2] += $4; p[$2] += $5; s[$2] += $6 }
	END {
		a = n["nginx"] ? t["nginx"] * 1e6 / hz / n["nginx"] : 0
		printf "  CPU per answer: nginx %.1f µs per page\n", a
		for (k in n) {
			if (k == "nginx" || !n[k]) continue
			b = t[k] * 1e6 / hz / n[k]
			printf "    %-9s itbcp %.1f µs per check-in", k, b
			if (p[k] > 0) printf ", PostgreSQL %.1f µs", p[k] * 1e6 / hz / n[k]
			if (s[k] > 0) printf ", its standby %.1f µs", s[k] * 1e6 / hz / n[k]
			tot = t[k] + p[k] + s[k]
			printf "; nginx/all %.2f\n", tot ? a / (tot * 1e6 / hz / n[k]) : 0
		}
	}' "$T/cpu"

# Every 2xx answer is a committed report: the database holds at least as
# many (wrk does not count answers still in flight when it stops); with a
# standby, the standby holds as many as the primary.
for t in $TARGETS; do
	eval "pid=\$PID_$t db=\$DB_$t"
	kill -TERM "$pid"
	wait "$pid" 2>/dev/null || true
	PIDS=$(echo "$PIDS" | sed "s/ $pid\b//")
	echo "  $(label "$t"):"
	echo "    non-2xx check-in answers: $(($(sum "checkin_$t" 4) + $(sum "burst_$t" 4))) of" \
		"$(($(sum "checkin_$t" 6) + $(sum "burst_$t" 6))); socket errors:" \
		"$(($(sum "checkin_$t" 5) + $(sum "burst_$t" 5))); board answers with an error status:" \
		"$(sum "board_$t" 4) of $(sum "board_$t" 6)"
	grep "check-in reports committed" "$T/$t.out" | sed 's/^itbcp: /    group commit: /'
	held=$("$ITBCP" --db "$db" incident timeline 1 --json | jq '[.[] | select(.kind == "checkin")] | length')
	ok=$(($(sum "checkin_$t" 6) - $(sum "checkin_$t" 4) + $(sum "burst_$t" 6) - $(sum "burst_$t" 4)))
	echo "    reports in the database: $held (2xx answers counted by wrk: $ok, plus the one check before the runs)"
	[ "$held" -gt "$ok" ] || echo "    MISSING: fewer reports than 2xx answers"
	[ "${VERIFY:-0}" = 0 ] || echo "    record: $("$ITBCP" --db "$db" incident verify 1 2>&1 | head -n 1)"
	if [ -n "$(standby_of "$t")" ]; then
		# The standby has replayed everything the primary wrote once its
		# replay position reaches the primary's current one.
		lsn=$(pg_psql "$PG_PRIMARY/postgres" "SELECT pg_current_wal_lsn()")
		i=0
		until [ "$(pg_psql "$PG_STANDBY/postgres" "SELECT pg_last_wal_replay_lsn() >= '$lsn'")" = t ]; do
			i=$((i + 1))
			[ $i -lt 300 ] || die "the standby did not replay up to $lsn"
			sleep 0.1
		done
		sheld=$(pg_psql "$PG_STANDBY/${db##*/}" \
			"SELECT count(*) FROM incident_timeline WHERE incident = 1 AND kind = 'checkin'")
		echo "    reports on the standby: $sheld$([ "$sheld" = "$held" ] || echo ' MISSING: not the primary'"'"'s')"
	fi
	if [ -s "$T/$t.err" ]; then
		echo "    itbcp serve said on stderr:"
		head -n 20 "$T/$t.err" | sed 's/^/      /'
	fi
done
