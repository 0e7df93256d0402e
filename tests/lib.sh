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

# The second factor of the admins the tests add (`user add … --role admin
# --totp-secret-file "$TOTP_SECRET_FILE"`): RFC 6238's own SHA-1 seed.
# web_lib.sh's login answers the code step with it.
TOTP_SECRET_FILE="$TESTS_DIR/totp-test.secret"

# demo_db FILE: FILE becomes the demo plan's database as `init --demo`
# makes it.  tests/run.sh makes one once per run ($ITBCP_DEMO_DB) and each
# test copies it: `init --demo` costs ~1 s of CPU under ASan, and 30 tests
# began with it.  A test run alone makes its own; plan_demo.sh tests
# `init --demo` itself.
demo_db() {
	if [ -n "${ITBCP_DEMO_DB:-}" ]; then
		cp "$ITBCP_DEMO_DB" "$1"
	else
		$ITBCP --db "$1" init --demo >/dev/null
	fi
}
