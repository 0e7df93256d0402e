# plan_demo.sh — the demo plan gives the seed's figures (issue 2).
. "$TESTS_DIR/lib.sh"

$ITBCP --db d.db init --demo >out 2>&1 || { cat out; fail "init --demo"; }
expect_contains out "d.db" "init names the database"

$ITBCP --db d.db systems --json >sys.json
sys() { jq -r --arg n "$1" ".[] | select(.name == \$n) | $2" sys.json; }
expect_eq "$(sys メールシステム .rto_hours)" 15 "mail RTO"
expect_eq "$(sys メールシステム .tier)" A "mail tier"
expect_eq "$(sys メールシステム .rto_derived_hours)" 15 "mail derived RTO"
expect_eq "$(sys メールシステム .department)" 部局A "mail department"
expect_eq "$(sys Aシステム .rto_hours)" 24 "A RTO"
expect_eq "$(sys Aシステム .tier)" A "A tier"
expect_eq "$(sys Bシステム .rto_hours)" 72 "B RTO"
expect_eq "$(sys Bシステム .tier)" B "B tier"

# R1: the business that sets the mail RTO is the 3 h one with telephone for 12 h.
$ITBCP --db d.db rto --json >rto.json
setter=$(jq -r '.[] | select(.name == "メールシステム") | .candidates[] | select(.sets_rto) | "\(.business_rto_hours)+\(.alt_hours)"' rto.json)
expect_eq "$setter" "3+12" "mail RTO set by 3 h business with 12 h alternative"

# R4: the mail system's four components at 0 against 3.
$ITBCP --db d.db gaps --json >gaps.json
for c in hardware system_area data_area contractor; do
	g=$(jq -r --arg c "$c" '.[] | select(.system == "メールシステム" and .component_id == $c and .event_id != null) | "\(.current)/\(.target)/\(.gap)"' gaps.json | head -n1)
	expect_eq "$g" "0/3/3" "mail $c gap"
done
jq -e 'all(.[]; .gap > 0)' gaps.json >/dev/null || fail "gaps lists only open gaps by default"
jq -e 'map(.tier) | . == (. | sort_by({"S":0,"A":1,"B":2,"C":3,"D":4,"E":5}[.]))' gaps.json >/dev/null ||
	fail "gaps sorted by tier"

# Tables print aligned, in Japanese by default and English on request.
$ITBCP --db d.db systems >sys.txt
expect_contains sys.txt "メールシステム" "systems table"
expect_contains sys.txt "優先度" "Japanese header"
$ITBCP --db d.db --lang en systems >sys_en.txt
expect_contains sys_en.txt "tier" "English header"

$ITBCP --db d.db budget --json >budget.json
jq -e '.fy.total_kyen > 0 and .fy.total_kyen == .step.total_kyen and .step.total_kyen == .department.total_kyen' budget.json >/dev/null ||
	fail "budget totals agree across roll-ups"
# Amounts for people carry thousands separators; the JSON keeps plain numbers.
$ITBCP --db d.db budget --by fy >budget.txt
grep -q '^合計  *54,300 *$' budget.txt || { cat budget.txt; fail "budget total with separators"; }
grep -q '^令和8年度  *10,500 ' budget.txt || fail "a fiscal year's amount with separators"
expect_eq "$(jq .fy.total_kyen budget.json)" 54300 "budget JSON keeps a plain number"

# A second init on a database holding a plan is refused and changes nothing.
$ITBCP --db d.db export >before.json
if $ITBCP --db d.db init --demo >out 2>&1; then fail "second init accepted"; fi
expect_contains out "--force" "second init says how to replace"
$ITBCP --db d.db export >after.json
cmp -s before.json after.json || fail "refused init changed the plan"
