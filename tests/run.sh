#!/bin/sh
# Runs every test against one build flavour (default build/asan):
# the cmocka unit tests, then the black-box CLI tests in tests/cli/.
# Prints one line per test file and ends with "N passed, M failed".
set -u
FLAVOUR=${1:-build/asan}
export ITBCP="$PWD/$FLAVOUR/itbcp"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# Leaks inside system libraries (Graphviz, fontconfig) that are not ours to
# free; every leak in our code still fails the run.
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp}
export TESTS_DIR="$PWD/tests"
passed=0
failed=0
failures=""
log=$(mktemp -d)
for t in "$FLAVOUR"/tests/test_*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	if "$t" >"$log/$name.out" 2>&1; then
		passed=$((passed + 1)); echo "ok   unit/$name"
	else
		failed=$((failed + 1)); failures="$failures unit/$name"
		echo "FAIL unit/$name"; cat "$log/$name.out"
	fi
done
for t in tests/cli/*.sh; do
	[ -f "$t" ] || continue
	name=$(basename "$t" .sh)
	if sh "$t" >"$log/$name.out" 2>&1; then
		passed=$((passed + 1)); echo "ok   cli/$name"
	else
		failed=$((failed + 1)); failures="$failures cli/$name"
		echo "FAIL cli/$name"; cat "$log/$name.out"
	fi
done
# The browser tests (headless Chromium, axe) count as one test; the ASan
# server starts slowly, hence the generous bound.
if [ -d tests/e2e ]; then
	if timeout 900 node --test tests/e2e/ >"$log/e2e.out" 2>&1; then
		passed=$((passed + 1)); echo "ok   e2e"
	else
		failed=$((failed + 1)); failures="$failures e2e"
		echo "FAIL e2e"; cat "$log/e2e.out"
	fi
fi
rm -rf "$log"
[ -z "$failures" ] || echo "failed:$failures"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
