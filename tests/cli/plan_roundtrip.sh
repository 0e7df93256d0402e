# plan_roundtrip.sh — export → import into a new database → export gives
# identical bytes; export -o writes the same bytes to a file.
. "$TESTS_DIR/lib.sh"

demo_db a.db
$ITBCP --db a.db export >one.json
$ITBCP --db b.db import one.json >out 2>&1 || { cat out; fail "import of an export"; }
$ITBCP --db b.db export >two.json
cmp one.json two.json || fail "round trip changed bytes"
jq -e '.events[] | select(.id == "disaster") | .damage_note
	| startswith("上記の被害を想定するにあたり")' two.json >/dev/null ||
	fail "an event's damage_note survives the database"
ITBCP_DB=b.db $ITBCP export -o three.json
cmp one.json three.json || fail "export -o differs from stdout"
jq -e '.format == "itbcp-plan" and .version == 1' one.json >/dev/null || fail "format header"
