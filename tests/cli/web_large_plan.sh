# web_large_plan.sh — the pages of a large plan stay small and answer the
# same (issue 16 item 16): on a generated plan of 120 systems the
# dashboard's tier board names at most 5 systems a tier, the nearest RTO
# first, counts them all and links each crowded tier to the systems list
# filtered to it (/plan/systems?tier=X, whose count agrees; a tier that is
# not one is a 400), and the page stays under 32 KB (35 KB before, when
# the board named every system); a search of 300 people answers the same
# the first time (the list's index made), the second (the page kept) and
# after 40 other searches (two page threads: one of them keeps at most 16
# searches and dropped the oldest); and a search sees the plan as it is
# after an import changed it.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/web_lib.sh"
command -v jq >/dev/null || fail "jq is missing (scripts/deps.sh installs it)"

$ITBCP test-generate --systems 120 --people 300 --businesses 72 -o plan.json >/dev/null
$ITBCP --db d.db init >/dev/null
$ITBCP --db d.db import plan.json >/dev/null
echo viewer-pass-1 | $ITBCP --db d.db user add vera --role viewer --password-stdin >/dev/null
serve_start --threads 4 # two page threads, each with its own cache
expect_eq "$(login jar vera viewer-pass-1)" 303 "viewer signs in"
get() { curl -s -b jar "$U$1"; }
code() { curl -s -o /dev/null -w '%{http_code}' -b jar "$U$1"; }

# The dashboard: the tier board capped, every tier counted.
get / >dash.html
size=$(wc -c <dash.html)
[ "$size" -lt 32768 ] || fail "the dashboard of 120 systems is $size bytes (at most 32 KB)"
sed -n '/id="h-tiers"/,/<\/section>/p' dash.html | sed 's|</div>|&\n|g' | grep 'class="tiercol' >tiers.txt
[ "$(wc -l <tiers.txt)" -ge 3 ] || fail "fewer than three tiers on the board"
inscope=$(jq '[.systems[] | select(.in_scope != false)] | length' plan.json)
sum=0 linked=0
while read -r col; do
	t=$(echo "$col" | sed -n 's/.*class="tiercol tier-\([A-Z]*\|none\)".*/\1/p')
	n=$(echo "$col" | sed -n 's/.*<small>\([0-9]*\)<\/small>.*/\1/p')
	names=$(echo "$col" | grep -o '<li><a href="/plan/systems/' | wc -l)
	sum=$((sum + n))
	[ "$names" -le 5 ] || fail "tier $t names $names systems (at most 5)"
	if [ "$n" -gt 5 ]; then
		echo "$col" | grep -q "<li class=\"more\"><a href=\"/plan/systems?tier=$t\">ほか$((n - 5))件・すべて見る</a>" ||
			fail "tier $t ($n systems) does not link to the rest"
		get "/plan/systems?tier=$t" >tier.html
		expect_contains tier.html "全${n}件" "the list of tier $t counts as the board"
		linked=$((linked + 1))
	else
		[ "$names" = "$n" ] || fail "tier $t has $n systems but names $names"
	fi
done <tiers.txt
expect_eq "$sum" "$inscope" "the tiers count every system in scope"
[ "$linked" -ge 1 ] || fail "no tier linked to its list"
# the nearest RTO first: the first system named in tier A has the least RTO of the tier
first=$(grep 'tier-A"' tiers.txt | sed -n 's/.*<li><a href="\/plan\/systems\/\([^"]*\)".*/\1/p' | head -n 1)
[ -n "$first" ] || fail "tier A names no system"
get /plan/systems?tier=A >a.html
min=$(grep -o '<td class="num">[0-9]*時間' a.html | sed 's/[^0-9]//g' | sort -n | head -n 1)
get "/plan/systems/$first" | grep -q "${min}時間" || fail "tier A's first system $first is not one of RTO $min h"
for junk in X s none2 '' A%20; do
	expect_eq "$(code "/plan/systems?tier=$junk")" 400 "?tier=$junk refused"
done
expect_eq "$(code "/plan/people?tier=S")" 200 "?tier= means nothing to other lists"
echo "dashboard: $size bytes"

# A search: the same answer made, kept, and made again once pushed out.
get "/plan/people?q=0" >q1.html
expect_contains q1.html "「0」を含むもの" "the search answered"
n=$(sed -n 's/.*全\([0-9]*\)件.*/\1/p' q1.html | head -n 1)
[ "${n:-0}" -gt 100 ] || fail "searching people for 0 found ${n:-no} rows"
get "/plan/people?q=0" >q2.html
cmp -s q1.html q2.html || fail "the kept search differs from the one made"
i=0
while [ $i -lt 40 ]; do
	get "/plan/people?q=zz$i" >/dev/null # nothing found: a small page, kept
	i=$((i + 1))
done
get "/plan/people?q=0" >q3.html
cmp -s q1.html q3.html || fail "the search made again differs"
get "/plan/people?q=0&page=2" >q4.html
expect_contains q4.html "101–200件目 / 全${n}件" "the search's second page"

# After an import the search finds the plan as it is now.
jq '.people[0].name = "検索テスト 太郎"' plan.json >plan2.json
expect_eq "$(code "/plan/people?q=%E6%A4%9C%E7%B4%A2%E3%83%86%E3%82%B9%E3%83%88")" 200 "a search before"
get "/plan/people?q=%E6%A4%9C%E7%B4%A2%E3%83%86%E3%82%B9%E3%83%88" | grep -q "該当するものはありません" ||
	fail "found before the import"
$ITBCP --db d.db import plan2.json >/dev/null
get "/plan/people?q=%E6%A4%9C%E7%B4%A2%E3%83%86%E3%82%B9%E3%83%88" >after.html
expect_contains after.html "検索テスト 太郎" "found after the import"
serve_stop
echo ok
