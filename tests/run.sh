#!/bin/sh
# Runs every test: the cmocka unit tests and the black-box CLI tests in
# tests/cli/ against the AddressSanitizer + UBSan build (default
# build/asan), the browser tests (tests/e2e/), and — when a second build is
# given (make check: build/tsan) — the tests that run threads against the
# ThreadSanitizer build: the unit tests built there (Makefile:
# TSAN_UNIT_TESTS) and the CLI tests of TSAN_CLI below.
#
#   tests/run.sh [ASAN_BUILD [TSAN_BUILD [FUZZ_BUILD]]]
#
# TEST_BUILD_LATER, when set (make check sets it), is the command that
# makes the TSan and fuzz builds: it runs beside the first tests (see
# below), and each test of those builds waits for it.
#
# With a third directory (make check: build/fuzz), each libFuzzer target
# there runs from its corpus in tests/fuzz/corpus/NAME/ (read, never
# written: what it finds new goes to a temporary directory) beside the
# other tests, on the CPU they leave idle, until it has had FUZZ_SECONDS
# of CPU (default: 40 s shared among the targets, 5 s at least each; see
# below), however long that takes; a crash, a leak or a
# hang (300 s on one input) fails it, and the input that did it is
# printed in hex with the log.
#
# The tests are independent (each its own temporary directory and
# database, servers on ports the kernel picks), so they run TEST_JOBS at a
# time (default: one more than the CPUs — see JOBS below), the longest
# first.  Each test's
# output is kept apart and printed whole when it ends: one line per test,
# its log too when it failed; the run ends with "N passed, M failed".
set -u
ASAN=${1:-build/asan}
TSAN=${2:-}
FUZZ=${3:-}
FUZZ_TOTAL_SECONDS=${FUZZ_TOTAL_SECONDS:-40}
FUZZ_MAX_SECONDS=${FUZZ_MAX_SECONDS:-600}
# The CLI tests that drive a running server from several clients at once:
# page threads making PDFs side by side, the check-in writer and the
# checkpointer under a burst, a kill and a drain, keep-alive connections
# suspended and resumed, the outbox's sender.  (deliver_followup and
# backup_restore, which start threads of their own, ran clean under TSan
# by hand in session 9; they wait for room in the ten minutes.)
# The unit tests that run a second time on PostgreSQL (issue 18): those of
# the storage module and the web's request path and pages; each costs
# 0.5–10 s of CPU there, the server's included (sessions 11–12).  The
# last six were left out for the ten minutes in session 11 and came back
# in session 12, when the browser tests had given back ~200 s of CPU.
PG_UNIT_TESTS=${PG_UNIT_TESTS:-test_store test_crisis_store test_outbox_store test_outbox_followup test_versions test_users_admin test_token_revoke test_store_cache test_web_checkin test_web_pipeline test_people_import test_web_incident test_web_views test_web_plan test_web_documents test_web_pack}
# pg_failover (session 12): the check-in writer, its syncer, the sender and
# the page threads losing PostgreSQL and reconnecting, a standby's threads
# noticing its promotion.
TSAN_CLI=${TSAN_CLI:-web_page_threads checkin_crash checkin_web web_keepalive jma_watch deliver_serve web_conn_limit web_login_limit pg_failover web_agencies_burst}
# Three times as many places as CPUs: the browser tests hold one place
# for the whole run at about two thirds of a CPU, and most other tests
# wait on their servers (and their sleeps) much of the time; with two
# places on two CPUs 45 % of the CPU stayed idle (553 s of CPU in 450 s of
# wall time), with three 35 %, with four still ~30 % (session 10: ~805 s
# of CPU in ~583 s of tests).
JOBS=${TEST_JOBS:-$(($(nproc 2>/dev/null || echo 2) * 3))}

# Debian's programs first, the ones scripts/deps.sh installs (python3 with
# its python3-aiosmtpd, node): a version manager's shim earlier on the
# caller's PATH (pyenv's python3 costs ~0.5 s of CPU a call, and the tests
# call python3 hundreds of times; this machine has one) is not needed.
export PATH="/usr/bin:/bin:$PATH"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# Leaks inside system libraries (Graphviz, fontconfig) that are not ours to
# free; every leak in our code still fails the run.
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp}
export TESTS_DIR="$PWD/tests"
# (A test run by xargs below, RUN_ONE, works in the run's directory.)
if [ "${RUN_ONE:-}" != 1 ]; then
	log=$(mktemp -d)
	trap 'rm -rf "$log"' EXIT INT TERM
fi

# run_one ID FLAVOUR-DIR KIND PATH: one test, its output in $log/ID.out;
# prints its result (under a lock, so results never interleave) and leaves
# a file .ok or .failed.
run_one() {
	id=$1 dir=$2 kind=$3 path=$4
	f=$log/$(echo "$id" | tr / _) # this test's files: $f.out, $f.ok …
	case $dir in
	/*) export ITBCP="$dir/itbcp" ;;
	*) export ITBCP="$PWD/$dir/itbcp" ;;
	esac
	case $dir in
	"$TSAN")
		# Every report in its own file (any process of the test, even a
		# server killed with SIGKILL): one is a failure.  Suppressions:
		# libraries only (tests/tsan.supp says why, one by one).
		export TSAN_OPTIONS="suppressions=$PWD/tests/tsan.supp:second_deadlock_stack=1:log_path=$f.tsan"
		# GLib 2.74's slice allocator hands memory from thread to thread
		# through its own futex-locked magazines, which TSan cannot follow;
		# this, GLib's switch for memory checkers, makes it plain malloc
		# (GLib 2.76 and later always do) — see tests/tsan.supp.
		export G_SLICE=always-malloc
		;;
	esac
	start=$(date +%s)
	# The CPU the test takes, its servers and daemons included: a cgroup
	# of its own when the machine lets us make one (cgroup v1's cpuacct,
	# as root), else what this shell ran and waited for (times, below).
	cg=/sys/fs/cgroup/cpuacct/itbcp-test.$$
	if mkdir "$cg" 2>/dev/null && echo $$ >"$cg/tasks" 2>/dev/null; then :; else cg=""; fi
	# A test of the later builds (TSan, fuzz) waits for them; if they
	# failed, it fails with their output.
	case $dir in
	"$TSAN" | "$FUZZ")
		if [ -n "${TEST_BUILD_LATER:-}" ]; then
			# (the fuzzers are built first: a line "fuzz-built" says so)
			while [ ! -f "$log/later.rc" ] &&
				! { [ "$dir" = "$FUZZ" ] && grep -qx fuzz-built "$log/later.out" 2>/dev/null; }; do
				sleep 1
			done
			if [ -f "$log/later.rc" ] && [ "$(cat "$log/later.rc")" != 0 ]; then
				echo "$id" >"$f.failed"
				flock "$log/.print" sh -c 'echo "FAIL $1 (the build it needs failed)"; cat "$2"' - "$id" "$log/later.out"
				return
			fi
		fi
		;;
	esac
	case $kind in
	unit) "$path" ;;
	unitpg) ITBCP_TEST_STORE_ENGINE=postgresql "$path" ;;
	cli) sh "$path" ;;
	e2e) timeout 900 node tests/e2e/run.mjs ;;
	fuzz)
		name=$(basename "$path")
		mkdir -p "$f.corpus"
		# At nice 19: mostly the CPU no other test wants (see below);
		# stopped by SIGUSR1 when the other tests are done and it has had
		# its CPU time; FUZZ_MAX_SECONDS of wall time at most.  (Not
		# SCHED_IDLE: starved for seconds, an input would pass libFuzzer's
		# -timeout, a wall-clock alarm.)  At nice 19 it always moves, but
		# slowly while both CPUs are busy (1/70 of one): CI once saw a
		# 0.1-s input of the demo plan take 34 s.  So the hang limit is
		# 300 s of wall time — 4 s of CPU even when starved, 40 times the
		# slowest input a quiet machine sees — and the "slow-unit"
		# artifacts libFuzzer writes past -report_slow_units (a report,
		# not an error to libFuzzer either) are no failure here.
		# Stopped by SIGUSR1, libFuzzer's graceful exit: the fuzzing loop
		# sees a flag, prints its statistics and exits 0.  (Not SIGINT: its
		# handler allocates, and once caught the fuzzer inside ASan's
		# allocator: the process waited on itself for ever.)
		nice -n 19 "$path" -max_total_time="$FUZZ_MAX_SECONDS" -timeout=300 \
			-rss_limit_mb=2048 -max_len=262144 -print_final_stats=1 -artifact_prefix="$f.crash-" \
			"$f.corpus" "tests/fuzz/corpus/${name#fuzz_}" &
		echo $! >"$f.pid"
		wait $!
		fst=$?
		rm -f "$f".crash-slow-unit-*
		{ [ "$fst" = 0 ] || [ "$fst" = 72 ]; } &&
			! ls "$f".crash-* >/dev/null 2>&1 ||
			{ for c in "$f".crash-*; do [ -f "$c" ] && { echo "---- $c"; od -A d -t x1z "$c" | head -40; }; done; false; }
		;;
	esac >"$f.out" 2>&1
	st=$?
	# /dev/null replaced by a regular file (a rename onto it by something
	# run as root) breaks every later test that runs as another user
	# (sshd as nobody, nginx's workers): said at the test that ended
	# while it happened, and put back.
	if [ ! -c /dev/null ]; then
		echo "/dev/null found replaced by a regular file when this test ended: this test or one beside it replaced it (put back)" >>"$f.out"
		st=1
		rm -f /dev/null && mknod -m 666 /dev/null c 1 3
	fi
	secs=$(($(date +%s) - start))
	# The CPU it took (user + system of what it ran and waited for: a
	# daemon it started and did not wait for is not counted): the run is
	# bound by CPU, not by any one test's wall time.
	# (times in this shell, not in $(…): a subshell has no children yet)
	times >"$f.times"
	cpu=$(awk 'END { split($1, u, /[ms]/); split($2, s, /[ms]/); printf "%.0f", u[1] * 60 + u[2] + s[1] * 60 + s[2] }' "$f.times")
	if [ -n "$cg" ]; then
		cpu=$(awk '{ printf "%.0f", $1 / 1e9 }' "$cg/cpuacct.usage")
		echo $$ >"${cg%/*}/tasks"
		rmdir "$cg" 2>/dev/null # (kept while a daemon of the test lingers)
	fi
	reports=$(ls "$f.tsan".* 2>/dev/null)
	if [ "$st" = 0 ] && [ -z "$reports" ]; then
		: >"$f.ok"
		# A fuzzer's share of the CPU is what the others left: say how
		# many inputs it tried in its time.
		runs=""
		[ "$kind" != fuzz ] || runs=", $(sed -n 's/^stat::number_of_executed_units: *//p' "$f.out" | tail -1) inputs"
		flock "$log/.print" echo "ok   $id (${secs} s, cpu ${cpu} s$runs, ended at $(($(date +%s) - RUN_START)) s)"
	else
		echo "$id" >"$f.failed"
		[ -z "$reports" ] || for r in $reports; do
			echo "---- ThreadSanitizer ($r)"
			cat "$r"
		done >>"$f.out"
		flock "$log/.print" sh -c 'echo "FAIL $1 (${2} s, exit $3)"; cat "$4"' - "$id" "$secs" "$st" "$f.out"
	fi
}
if [ "${RUN_ONE:-}" = 1 ]; then
	log=$RUN_LOG
	run_one "$@"
	exit 0
fi

# Each line says when its test ended, in seconds from here: where the run
# spends its time.
RUN_START=$(date +%s)
export RUN_START

# One PostgreSQL cluster for the whole run (issue 18), started beside the
# demo database below: each test that runs on PostgreSQL makes a database
# of its own in it (tests/support/pg_cluster.sh: pg_cluster_newdb); the
# unit tests of the storage engine get one, and must use it
# (ITBCP_TEST_PG_REQUIRED: failing, not skipping, without it).
if [ "${RUN_ONE:-}" != 1 ]; then
	. tests/support/pg_cluster.sh
	PGC=$(mktemp -d /tmp/itbcp-pg.XXXXXX)
	trap 'pg_cluster_stop "$PGC"; rm -rf "$log"' EXIT INT TERM
	pg_cluster_start "$PGC" >"$log/pg.out" 2>&1 &
	pg_start_pid=$!
fi

# One demo database, made once and copied by every CLI test that starts
# from the demo plan (tests/lib.sh: demo_db).
export ITBCP_DEMO_DB="$log/demo.db"
"$ASAN/itbcp" --db "$ITBCP_DEMO_DB" init --demo >"$log/demo.out" 2>&1 ||
	{ cat "$log/demo.out"; echo "init --demo failed: no test can run"; exit 1; }
# (pg_cluster_start ran in the background: its address is in PGC/base)
wait $pg_start_pid && ITBCP_PG_BASE=$(cat "$PGC/base") ||
	{ cat "$log/pg.out"; echo "the PostgreSQL cluster did not start: no test can run"; exit 1; }
export ITBCP_PG_BASE
ITBCP_TEST_PG=$(pg_cluster_newdb unit_store_db) ||
	{ echo "no database for the unit tests in the PostgreSQL cluster: no test can run"; exit 1; }
export ITBCP_TEST_PG ITBCP_TEST_PG_REQUIRED=1
# One database migrated once for the run, the template each unit test
# binary's own database is copied from (store_fixture.c: CREATE DATABASE …
# TEMPLATE): migrating the baseline (59 tables, 103 triggers) once per
# binary cost the server more than the tests themselves.  Closed to
# connections once made, so no test can change what the next one copies.
ITBCP_PG_TEMPLATE=itbcp_template
pg_tmpl=$(pg_cluster_newdb "$ITBCP_PG_TEMPLATE") &&
	"$ASAN/itbcp" --db "$pg_tmpl" init >"$log/pg_template.out" 2>&1 &&
	_pg_psql -d "$ITBCP_PG_BASE/postgres" -c "ALTER DATABASE $ITBCP_PG_TEMPLATE \
		WITH IS_TEMPLATE true ALLOW_CONNECTIONS false" >>"$log/pg_template.out" 2>&1 ||
	{ cat "$log/pg_template.out"; echo "the unit tests' template database was not made: no test can run"; exit 1; }
export ITBCP_PG_TEMPLATE

# The jobs, the longest first (the browser tests, the Debian package, the
# servers and PDFs under ASan), then the CLI tests under ThreadSanitizer
# (their build is made meanwhile), so that the last to end is a short one.
# One line each: ID FLAVOUR-DIR KIND PATH.
# ls_built DIR [NAME…]: the programs DIR holds — or, when DIR is still
# being made (TEST_BUILD_LATER), those it will hold: DIR/NAME for each NAME.
ls_built() {
	d=$1
	shift
	if [ -n "${TEST_BUILD_LATER:-}" ] && [ $# -gt 0 ]; then
		for n in "$@"; do echo "$d/$n"; done
	else
		for t in "$d"/*; do [ -x "$t" ] && echo "$t"; done
	fi
}
# What the later build makes (the Makefile's TSAN_UNIT_TESTS, FUZZ_TARGETS).
later_tsan_units=${TSAN_UNIT_TESTS:-}
later_fuzzers=$(for c in tests/fuzz/fuzz_*.c; do [ -f "$c" ] && basename "$c" .c; done)
if [ -n "${TEST_BUILD_LATER:-}" ]; then
	( nice -n 5 sh -c "$TEST_BUILD_LATER" >"$log/later.out" 2>&1
	  echo $? >"$log/later.rc.tmp" && mv "$log/later.rc.tmp" "$log/later.rc" ) &
fi
{
	[ -d tests/e2e ] && echo "e2e $ASAN e2e -"
	# The storage and web tests again on PostgreSQL (issue 18), each binary
	# in a database of its own in the run's cluster (store_fixture.c).  Near
	# the front: they wait on the server's commits (5–16 s each, ~1 s of
	# their own CPU), which the CPU-bound tests around them fill; last in
	# the run they were its idle tail.
	for n in $PG_UNIT_TESTS; do
		echo "unit-pg/$n $ASAN unitpg $ASAN/tests/$n"
	done
	for t in tests/cli/deb_*.sh tests/cli/web_*.sh tests/cli/checkin_*.sh tests/cli/*.sh; do
		[ -f "$t" ] && echo "cli/$(basename "$t" .sh) $ASAN cli $t"
	done | awk '!seen[$1]++'
	# (after the ASan ones: while they run, the TSan build is made)
	if [ -n "$TSAN" ]; then
		for n in $TSAN_CLI; do
			echo "tsan/cli/$n $TSAN cli tests/cli/$n.sh"
		done
	fi
	if [ -n "$TSAN" ]; then
		ls_built "$TSAN/tests" $later_tsan_units | grep '/test_[^/]*$' | while read -r t; do
			echo "tsan/unit/$(basename "$t") $TSAN unit $t"
		done
	fi
	ls_built "$ASAN/tests" | grep '/test_[^/]*$' | while read -r t; do
		echo "unit/$(basename "$t") $ASAN unit $t"
	done
} >"$log/jobs"

# The fuzzers run beside the jobs, all at once from the start, not in one
# of the JOBS places, at nice 19: the other tests leave a good part of the
# two CPUs idle while they wait on servers and the browser, and the fuzzers
# take that, and little a test wants (a nice-19 process gets about 1/70 of
# a CPU a nice-0 one wants).  Each stops (SIGUSR1, which
# libFuzzer answers with its statistics) once it has had FUZZ_SECONDS of
# CPU, and the run waits for the last of them; the line of each says how many inputs
# it tried.
: >"$log/fuzzjobs"
if [ -n "$FUZZ" ]; then
	ls_built "$FUZZ" $later_fuzzers | grep '/fuzz_[^/]*$' | while read -r t; do
		echo "fuzz/$(basename "$t") $FUZZ fuzz $t"
	done >"$log/fuzzjobs"
	cat "$log/fuzzjobs" >>"$log/jobs"
	# A fixed budget of CPU for all of them, so that a new target does not
	# lengthen the run by itself: what each gets is shared out.
	n=$(wc -l <"$log/fuzzjobs")
	each=$((FUZZ_TOTAL_SECONDS / (n > 0 ? n : 1)))
	FUZZ_SECONDS=${FUZZ_SECONDS:-$((each < 5 ? 5 : each))}
fi
# fuzz_stop_spent: stops (SIGUSR1) each running fuzzer that has had its
# FUZZ_SECONDS of CPU; prints how many still run.
tick=$(getconf CLK_TCK)
fuzz_stop_spent() {
	running=0
	for p in "$log"/*.pid; do
		[ -f "$p" ] || continue
		pid=$(cat "$p")
		[ -r "/proc/$pid/stat" ] || continue
		# utime and stime, fields 14 and 15 (the name in field 2 has no spaces)
		used=$(awk '{print int(($14 + $15) / '"$tick"')}' "/proc/$pid/stat" 2>/dev/null) || continue
		if [ "${used:-0}" -ge "$FUZZ_SECONDS" ]; then
			kill -USR1 "$pid" 2>/dev/null
		else
			running=$((running + 1))
		fi
	done
	echo "$running"
}
fuzz_pid="" fuzz_watch=""
if [ -s "$log/fuzzjobs" ]; then
	RUN_ONE=1 RUN_LOG=$log xargs -P "$(wc -l <"$log/fuzzjobs")" -L 1 sh "$0" <"$log/fuzzjobs" &
	fuzz_pid=$!
	# Each fuzzer stops as soon as it has had its FUZZ_SECONDS, even while
	# the other tests run: left alone until the last test ended, each
	# took 5-8 s for its 5 (session 14; on a machine with idle CPU, more).
	( while kill -0 "$fuzz_pid" 2>/dev/null; do
		sleep 2
		fuzz_stop_spent >/dev/null
	  done ) &
	fuzz_watch=$!
fi
grep -v '^fuzz/' "$log/jobs" | RUN_ONE=1 RUN_LOG=$log xargs -P "$JOBS" -L 1 sh "$0"
if [ -n "$fuzz_pid" ]; then
	# The tests are done; a fuzzer that has not had its FUZZ_SECONDS yet
	# (a busy machine) now has both CPUs to itself for what it lacks.
	while [ "$(fuzz_stop_spent)" -gt 0 ]; do
		sleep 1
	done
	wait "$fuzz_pid"
	kill "$fuzz_watch" 2>/dev/null
	wait "$fuzz_watch" 2>/dev/null
fi

passed=$(ls "$log" | grep -c '\.ok$')
failed=$(ls "$log" | grep -c '\.failed$')
# (a job that did not even report counts as failed)
missing=$(($(wc -l <"$log/jobs") - passed - failed))
failures=$(cat "$log"/*.failed 2>/dev/null | tr '\n' ' ')
[ -z "$failures" ] || echo "failed: $failures"
[ "$missing" = 0 ] || { echo "$missing test(s) did not report"; failed=$((failed + missing)); }
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
