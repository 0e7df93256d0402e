# lib.sh — helpers for the black-box CLI tests (sourced, not run).
# $ITBCP is the binary under test (tests/run.sh sets it); each test gets a
# fresh temporary directory as $T, removed when it exits.
set -eu
: "${ITBCP:?run through tests/run.sh}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T"

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# expect_eq ACTUAL EXPECTED WHAT
expect_eq() {
	[ "$1" = "$2" ] || fail "$3: expected '$2', got '$1'"
}

# expect_contains FILE TEXT WHAT
expect_contains() {
	grep -qF -- "$2" "$1" || { cat "$1" >&2; fail "$3: '$2' not in output"; }
}
