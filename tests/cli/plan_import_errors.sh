# plan_import_errors.sh — bad input is refused with file, JSON path and
# reason, a non-zero exit, and the database exactly as it was.
. "$TESTS_DIR/lib.sh"

demo_db p.db
$ITBCP --db p.db export >good.json
cp good.json before.json

# refused FILE PATH REASON — import must fail, name all three, change nothing.
refused() {
	if $ITBCP --db p.db --lang en import "$1" >out 2>&1; then fail "$1 accepted"; fi
	expect_contains out "$1: " "$1 names the file"
	expect_contains out "$2" "$1 names the path"
	expect_contains out "$3" "$1 says why"
	expect_contains out "database is unchanged" "$1 says nothing changed"
	$ITBCP --db p.db export >now.json
	cmp -s before.json now.json || fail "$1 changed the database"
}

printf '{"format": "itbcp-plan", "version": 1,' >malformed.json
refused malformed.json "line 1" "not valid JSON"

jq '.systems[0].colour = "red"' good.json >unknown.json
refused unknown.json '$.systems[0]' 'unknown key "colour"'

jq '.systems[0].rto_override_hours = "15"' good.json >type.json
refused type.json '$.systems[0].rto_override_hours' "must be an integer"

jq '.systems[0].department = "dept-nowhere"' good.json >ref.json
refused ref.json '$.systems[0].department' 'no department with id "dept-nowhere"'

jq '.businesses[0].rto_hours = -3' good.json >negative.json
refused negative.json '$.businesses[0].rto_hours' "from 0 to"

jq '.assessments[0].current_level = 10' good.json >level.json
refused level.json '$.assessments[0].current_level' "from 0 to 9"

jq --arg s "$(head -c 3000 /dev/zero | tr '\0' 'x')" '.systems[0].name = $s' good.json >long.json
refused long.json '$.systems[0].name' "too long"

printf '\xff\xfe' >binary.json
refused binary.json "binary.json" "not valid JSON"

# Japanese messages by default.
if $ITBCP --db p.db import negative.json >out 2>&1; then fail "accepted"; fi
expect_contains out "0以上" "Japanese message"
expect_contains out "データベースは変更されていません" "Japanese: nothing changed"

# A failed import into a database that did not exist leaves no file behind.
if $ITBCP --db new.db import ref.json >out 2>&1; then fail "accepted"; fi
[ ! -e new.db ] || fail "failed import created new.db"

# A missing file and a directory are named.
if $ITBCP --db p.db import nowhere.json >out 2>&1; then fail "accepted missing"; fi
expect_contains out "nowhere.json" "missing file named"
mkdir adir
if $ITBCP --db p.db --lang en import adir >out 2>&1; then fail "accepted directory"; fi
expect_contains out "not a regular file" "directory refused"

# One set of element rules at every door (issue 16): what the web editor and
# the API refuse, the import refuses too, naming the element — tier bounds
# out of order (S = 100 h, A = 24 h would make 24, 72 and 73 h all tier S)
# and a countermeasure step whose last fiscal year is before its first.
jq '.organisation.tier_s_max_hours = 100 | .organisation.tier_a_max_hours = 24' good.json >tiers.json
refused tiers.json '$.organisation.tier_a_max_hours' "tier A's bound (24 h) is below tier S's (100 h)"
jq '(.countermeasure_steps[] | select(.id == "cm-mail-1")) |= (.fy_from = 2027 | .fy_to = 2026)' good.json >years.json
refused years.json '$.countermeasure_steps[0].fy_to' 'countermeasure step "cm-mail-1": the last fiscal year (2026) is before fy_from (2027)'
if $ITBCP --db p.db import years.json >out 2>&1; then fail "years.json accepted in Japanese"; fi
expect_contains out '事前対策ステップ "cm-mail-1": 終了年度（2026）が開始年度（2027）より前です' "the Japanese message names the step"
