# plan_check.sh — `itbcp check` on the demo and on a plan with an error:
# findings name the element, the problem and the §; exit 1 only on errors.
. "$TESTS_DIR/lib.sh"
export ITBCP_TODAY=2026-11-25

demo_db d.db
$ITBCP --db d.db check >out 2>&1 || { cat out; fail "demo has check errors"; }
expect_contains out "§3.2" "gap findings cite §3.2"
expect_contains out "Bシステム" "finding names the system"
$ITBCP --db d.db check --json >f.json
jq -e 'length > 0 and all(.[]; .severity != "error")' f.json >/dev/null || fail "demo: warnings only"
jq -e 'all(.[]; .code != "" and .section != "" and .element != "" and .message_ja != "" and .message_en != "")' f.json >/dev/null ||
	fail "every finding is complete"

# A system in scope that no business uses and nobody overrode has no RTO: an error.
$ITBCP --db d.db export >plan.json
jq '.systems += [{"id":"orphan","name":"孤立システム","department":"dept-a","in_scope":true}]' plan.json >bad.json
$ITBCP --db e.db import bad.json >/dev/null
set +e
$ITBCP --db e.db check >out 2>&1; st=$?
set -e
expect_eq "$st" 1 "check exit status with errors"
expect_contains out "孤立システム" "error names the system"
expect_contains out "§5.3" "error cites §5.3"
$ITBCP --db e.db --lang en check >out_en 2>&1 || true
expect_contains out_en "error" "English severity"
$ITBCP --db e.db check --json | jq -e 'any(.[]; .code == "system-no-rto" and .element == "systems/orphan")' >/dev/null ||
	fail "system-no-rto finding in JSON"

# An annual review that is overdue (after the April–May window, none this year) is an error.
jq '.reviews |= map(if .occasion == "annual" then .date = "2025-05-20" else . end)' plan.json >noreview.json
$ITBCP --db r.db import noreview.json >/dev/null
set +e
ITBCP_TODAY=2026-06-15 $ITBCP --db r.db check --json >r.json; st=$?
set -e
expect_eq "$st" 1 "overdue review exit status"
jq -e 'any(.[]; .code == "review-overdue")' r.json >/dev/null || fail "review-overdue reported"

# Dependencies in a circle (mail → sys-a → mail) and a system depending on
# itself are errors, whatever the RTOs; the element is the circle's first link.
jq '.system_dependencies += [{"system":"mail","depends_on":"sys-a"},{"system":"sys-c","depends_on":"sys-c"}]' plan.json >cycle.json
$ITBCP --db c.db import cycle.json >/dev/null
set +e
$ITBCP --db c.db check --json >c.json; st=$?
set -e
expect_eq "$st" 1 "dependency cycle exit status"
expect_eq "$(jq -r '[.[] | select(.code == "dependency-cycle") | .element] | sort | join(" ")' c.json)" \
	"system_dependencies/mail/sys-a system_dependencies/sys-c/sys-c" "both cycles reported once"
jq -e 'all(.[] | select(.code == "dependency-cycle"); .severity == "error" and .section == "§5.3")' c.json >/dev/null ||
	fail "dependency-cycle is an error of §5.3"

# Whatever the documents would print as a placeholder (〇〇, [氏名] …) is a
# finding naming the element and the § (issue 16): a related department with
# nobody in it (表1.4-2, 表2.2-1), a system without its 別表1 risks.  The
# document shows the finding beside the placeholder; the demo prints none.
jq 'del(.people[] | select(.department == "hq")) | .systems |= map(if .id == "sys-a" then .risks = "" else . end)' \
	plan.json >ph.json
$ITBCP --db ph.db import ph.json >/dev/null
$ITBCP --db ph.db check --json >ph_f.json || true
jq -e 'any(.[]; .code == "department-no-person" and .element == "departments/hq" and .section == "§2.2.2")' \
	ph_f.json >/dev/null || fail "a related department with nobody is a finding"
jq -e 'any(.[]; .code == "system-no-risks" and .element == "systems/sys-a" and .section == "別表1")' \
	ph_f.json >/dev/null || fail "an empty 別表1 risk is a finding"
$ITBCP --db ph.db render plan --format md -o ph.md
expect_contains ph.md "担当者・連絡先が一人も登録されていません" "the placeholder carries its finding"
$ITBCP --db d.db render plan --format md -o demo.md
if grep -q "〇〇\|計画に未記入です" demo.md; then fail "the demo prints a placeholder"; fi
