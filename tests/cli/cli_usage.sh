# cli_usage.sh — every command answers --help; bad usage exits 2 and says why.
. "$TESTS_DIR/lib.sh"

$ITBCP help >help.txt
for cmd in $(awk '/^  [a-z]/ {print $1}' help.txt); do
	$ITBCP "$cmd" --help >h.txt 2>&1 || fail "$cmd --help exits non-zero"
	expect_contains h.txt "itbcp $cmd" "$cmd --help shows usage"
done
set +e
$ITBCP systems --bogus >out 2>&1; st=$?
set -e
expect_eq "$st" 2 "unknown option exit status"
expect_contains out "--bogus" "unknown option named"
set +e
$ITBCP nonsense >out 2>&1; st=$?
$ITBCP --db missing.db systems >out2 2>&1; st2=$?
set -e
expect_eq "$st" 2 "unknown command exit status"
expect_eq "$st2" 2 "missing database exit status"
expect_contains out2 "missing.db" "missing database named"
[ ! -e missing.db ] || fail "a report created the database"
