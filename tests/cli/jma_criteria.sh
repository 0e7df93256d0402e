# jma_criteria.sh — the assembly criteria as data (issue 14 items 2-3):
# a tsunami warning meets a criterion whose threshold is 津波警報 and an
# advisory does not; a criterion naming role groups calls in only their
# holders (with deputies) and asks every other staff member if safe; an
# aftershock in the same area within the window joins the incident, and
# a stronger one calls in whoever was not yet called; a quake where a
# person lives asks that person even when the office is untouched; an
# old plan file with a single "area" still imports.
. "$TESTS_DIR/lib.sh"

export USER=tester
D="--db d.db"
demo_db d.db
# Delivery set up (nothing sends here: no sender runs), so that each
# call-out queues one webhook message per person called.
$ITBCP $D deliver set public_url https://bcp.example.jp >/dev/null
$ITBCP $D deliver set webhook_url http://127.0.0.1:9/hook >/dev/null
$ITBCP $D export -o demo.json

# The plan's criteria: 6弱 in 東京都 calls the chief's and the responsible
# officer's holders in and asks everyone else; 6強 calls everyone in; a
# tsunami warning (or more) on 千葉県内房 or 東京湾内湾 calls the work staff.
jq '.assembly_criteria = [
  {"id":"q-6m","event":"disaster","automatic":true,"condition":"東京都で震度6弱以上","hazard":"earthquake",
   "min_intensity":"6-","areas":"東京都","roles":"role-chief\nrole-resp","ask_everyone":true},
  {"id":"q-6p","event":"disaster","automatic":true,"condition":"東京都で震度6強以上","hazard":"earthquake",
   "min_intensity":"6+","areas":"東京都","call":"everyone"},
  {"id":"t-warn","event":"disaster","automatic":true,"condition":"津波警報以上","hazard":"tsunami",
   "min_tsunami":"warning","areas":"千葉県内房、東京湾内湾","roles":"role-worker"}]
 | (.people[] | select(.id == "p-kato")) += {"own_areas":"神奈川県"}' demo.json >plan.json
$ITBCP $D import plan.json >/dev/null || fail "import the plan with criteria as data"
$ITBCP $D check --json >check.json || true
expect_eq "$(jq '[.[] | select(.code == "criterion-cannot-match")] | length' check.json)" 0 "the criteria can match"

J="$ITBCP $D jma"
people() { $ITBCP $D incident show "$1" --json | jq -r "[.checkins.people[] | select(.ask == \"$2\") | .person] | sort | join(\",\")"; }

# tsunami ID TIME CODE: a VTSE41 for 千葉県内房 with category CODE.
tsunami() {
	cat <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<Report xmlns="http://xml.kishou.go.jp/jmaxml1/">
  <Control><Title>津波警報・注意報・予報a</Title><Status>通常</Status></Control>
  <Head xmlns="http://xml.kishou.go.jp/jmaxml1/informationBasis1/"><Title>津波警報・注意報・予報</Title>
    <ReportDateTime>$2</ReportDateTime><TargetDateTime>$2</TargetDateTime><EventID>$1</EventID>
    <InfoType>発表</InfoType><Serial></Serial></Head>
  <Body xmlns="http://xml.kishou.go.jp/jmaxml1/body/seismology1/"><Tsunami><Forecast>
    <Item><Area><Name>千葉県内房</Name><Code>311</Code></Area><Category><Kind><Name>x</Name><Code>$3</Code></Kind></Category></Item>
  </Forecast></Tsunami></Body>
</Report>
EOF
}
# quake ID TIME OBSERVATION: a 震度速報.
quake() {
	cat <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<Report xmlns="http://xml.kishou.go.jp/jmaxml1/">
  <Control><Title>震度速報</Title><Status>通常</Status></Control>
  <Head xmlns="http://xml.kishou.go.jp/jmaxml1/informationBasis1/"><Title>震度速報</Title>
    <TargetDateTime>$2</TargetDateTime><EventID>$1</EventID><InfoType>発表</InfoType><Serial>1</Serial></Head>
  <Body xmlns="http://xml.kishou.go.jp/jmaxml1/body/seismology1/"><Intensity><Observation>$3</Observation></Intensity></Body>
</Report>
EOF
}
pref() { echo "<Pref><Name>$1</Name><Code>$2</Code><MaxInt>$3</MaxInt><Area><Name>$4</Name><MaxInt>$3</MaxInt></Area></Pref>"; }

# 1. 津波注意報 (62) where the threshold is 津波警報: nothing starts.
export ITBCP_NOW=2026-02-01T10:10+09:00
tsunami 20260201100000 2026-02-01T10:03:00+09:00 62 >t1.xml
$J ingest t1.xml --json >1.json
expect_eq "$(jq -r '.[0].decision' 1.json)" none "an advisory is below a warning threshold"
jq -r '.[0].reason' 1.json | grep -q '津波警報以上' || { cat 1.json; fail "the reason names the threshold"; }

# 2. 津波警報 (51): the incident starts and calls the work staff only.
tsunami 20260201100500 2026-02-01T10:08:00+09:00 51 >t2.xml
$J ingest t2.xml --json >2.json
expect_eq "$(jq -r '.[0].decision' 2.json)" started "a tsunami warning meets the criterion"
T=$(jq -r '.[0].incident' 2.json)
expect_eq "$(people "$T" assemble)" p-ito,p-shimizu "the holders of role-worker (and its deputy) are called in"
expect_eq "$(people "$T" safety)" "" "nobody else is asked"

# 3. A day later, 6弱 in 東京都: role groups called in, every other staff
#    member (not the contractor's or a related department's) asked if safe.
export ITBCP_NOW=2026-02-02T01:05+09:00
quake 20260202010000 2026-02-02T01:00:00+09:00 "<MaxInt>6-</MaxInt>$(pref 東京都 13 6- 東京都２３区)" >q1.xml
$J ingest q1.xml --json >3.json
expect_eq "$(jq -r '.[0].decision' 3.json)" started "6弱 in 東京都 starts an incident"
Q=$(jq -r '.[0].incident' 3.json)
expect_eq "$(people "$Q" assemble)" p-nakamura,p-sato,p-suzuki,p-yamamoto "only the holders of role-chief and role-resp are called in"
expect_eq "$($ITBCP $D incident show "$Q" --json | jq '.checkins.asked.asked')" 10 "the ten other staff are asked if safe (木村 of 災害対策本部 among them)"
expect_eq "$($ITBCP $D incident show "$Q" --json | jq '.checkins.called')" 4 "four called in"
people "$Q" safety | grep -q p-sasaki && fail "the contractor's people are not 'everyone'"

# 3b. On the web: a person only asked is not asked to come; their answer
#     counts among the asked, apart from those called in, on the board.
. "$TESTS_DIR/web_lib.sh"
echo 'viewer-pass-1' | $ITBCP $D user add vera --role viewer --password-stdin >/dev/null
$ITBCP $D incident tokens --json >tokens.json
TAKA=$(jq -r '.[] | select(.person == "p-takahashi") | .url' tokens.json)
SATO=$(jq -r '.[] | select(.person == "p-sato") | .url' tokens.json)
serve_start
curl -s "$U$TAKA" >taka.html
expect_contains taka.html '参集の必要はありません' "a person only asked is told they are not called in"
grep -q 'name="assembly" value="yes"' taka.html && fail "no assembly question for a person only asked"
curl -s "$U$SATO" >sato.html
expect_contains sato.html 'name="assembly" value="yes"' "a person called in is asked whether they come"
curl -s -o received.html -w '%{http_code}' --data-urlencode "incident=$Q" --data-urlencode status=injured \
	--data-urlencode assembly=no "$U$TAKA" >post.code
expect_eq "$(cat post.code)" 200 "the person asked reports"
expect_contains received.html '記録しました' "the report is received"
grep -q '<dt>参集</dt>' received.html && fail "nothing is said about coming to one only asked"
expect_eq "$(login jar vera viewer-pass-1)" 303 "sign in"
curl -s -b jar "$U/incidents/$Q" >board.html
expect_contains board.html '安否確認（参集対象外の職員）' "the board has the asked apart"
expect_contains board.html '回答 <strong>1</strong> / 10名（安否確認）' "1 of the 10 asked answered"
expect_contains board.html '回答 <strong>0</strong> / 4名（参集要員）' "0 of the 4 called in"
expect_contains board.html '負傷・対応不可と回答した人' "the hurt are listed by name"
serve_stop

# 4. An aftershock (another EventID) an hour later, 5強 in 東京都: it joins,
#    nobody new is called.
export ITBCP_NOW=2026-02-02T02:05+09:00
quake 20260202020000 2026-02-02T02:00:00+09:00 "<MaxInt>5+</MaxInt>$(pref 東京都 13 5+ 東京都２３区)" >q2.xml
$J ingest q2.xml --json >4.json
expect_eq "$(jq -r '.[0].decision' 4.json)" joined "an aftershock in the same area joins"
expect_eq "$(jq -r '.[0].incident' 4.json)" "$Q" "it joins the running incident"
expect_eq "$(people "$Q" assemble)" p-nakamura,p-sato,p-suzuki,p-yamamoto "a weaker aftershock calls nobody new"
$ITBCP $D incident timeline "$Q" --json | jq -r '.[].content | tostring' | grep -q '余震' ||
	fail "the aftershock is on the timeline for the leads"

# 5. A stronger aftershock, 6強: everyone is called in now (the staff
#    asked before included), once; the contractor's holders too.
export ITBCP_NOW=2026-02-02T03:05+09:00
quake 20260202030000 2026-02-02T03:00:00+09:00 "<MaxInt>6+</MaxInt>$(pref 東京都 13 6+ 東京都２３区)" >q3.xml
$J ingest q3.xml --json >5.json
expect_eq "$(jq -r '.[0].decision' 5.json)" joined "a stronger aftershock joins"
jq -r '.[0].reason' 5.json | grep -q '参集' || { cat 5.json; fail "the reason says who was called"; }
$ITBCP $D incident show "$Q" --json >q.json
expect_eq "$(jq '[.checkins.people[] | select(.ask == "assemble")] | length' q.json)" 16 "everyone is called in now"
expect_eq "$(jq '.checkins.asked.asked' q.json)" 0 "nobody is only asked any more"
expect_eq "$(jq '[.checkins.people[].person] | length' q.json)" "$(jq '[.checkins.people[].person] | unique | length' q.json)" "each person once"
$ITBCP $D incident timeline "$Q" --json | jq -e '[.[] | select(.kind == "called")] | length == 1' >/dev/null ||
	fail "one 'called' entry for the people added"
# Everyone the aftershock called has their own link queued, in the same
# transaction as the call (store_incident_add_people).
$ITBCP $D deliver list --incident "$Q" --json >out.json
expect_eq "$(jq '[.[] | select(.channel == "webhook" and .kind == "callout") | .person] | unique | length' out.json)" \
	"$(jq '[.checkins.people[].person] | unique | length' q.json)" "every person called has a call-out queued"
$ITBCP $D incident tokens --json >tok.json 2>/dev/null || $ITBCP $D incident tokens >tok.json
grep -q p-takahashi tok.json || fail "the people added have check-in links"

# 5b. The withdrawal (取消) of the aftershock's event is flagged on the
#     incident it joined.
quake 20260202030000 2026-02-02T03:00:00+09:00 "" | sed 's|<InfoType>発表</InfoType>|<InfoType>取消</InfoType>|' >q3c.xml
$J ingest q3c.xml --json >5c.json
expect_eq "$(jq -r '.[0].decision' 5c.json)" flagged "an aftershock's withdrawal is flagged"
expect_eq "$(jq -r '.[0].incident' 5c.json)" "$Q" "on the incident it joined"

# 6. Two days later, 6弱 in 神奈川県 only: the office (東京都) is untouched,
#    p-kato lives there and is asked if safe, nobody is called in.
export ITBCP_NOW=2026-02-04T05:05+09:00
quake 20260204050000 2026-02-04T05:00:00+09:00 "<MaxInt>6-</MaxInt>$(pref 神奈川県 14 6- 神奈川県東部)$(pref 東京都 13 3 東京都２３区)" >q4.xml
$J ingest q4.xml --json >6.json
expect_eq "$(jq -r '.[0].decision' 6.json)" started "a quake where a person lives starts an incident"
H=$(jq -r '.[0].incident' 6.json)
expect_eq "$(people "$H" safety)" p-kato "the person whose own area shook is asked if safe"
expect_eq "$(people "$H" assemble)" "" "nobody is called in"

# 7. An old plan file with one "area" imports into the list.
jq '.assembly_criteria[0] |= (del(.areas) + {"area":"大阪府"})' plan.json >old.json
$ITBCP --db old.db import old.json >/dev/null || fail "an old plan file with area imports"
$ITBCP --db old.db export | jq -r '.assembly_criteria[0].areas' >areas.txt
expect_eq "$(cat areas.txt)" 大阪府 "the single area became the list"
jq '.assembly_criteria[0] += {"area":"大阪府"}' plan.json >both.json
set +e
$ITBCP --db both.db import both.json >both.out 2>&1; st=$?
set -e
expect_eq "$st" 2 "area and areas together are refused"
expect_contains both.out "areas" "the message names both keys"

# 8. A criterion naming a role not in the plan: `check` says so, exit 1.
jq '.assembly_criteria[0].roles = "role-chief\nrole-nobody"' plan.json >badrole.json
$ITBCP --db bad.db import badrole.json >/dev/null
set +e
$ITBCP --db bad.db check --json >bad.json; st=$?
set -e
expect_eq "$st" 1 "an unknown role is an error"
expect_eq "$(jq -r '[.[] | select(.code == "criterion-cannot-match") | .element] | join(",")' bad.json)" \
	assembly_criteria/q-6m "the criterion is named"
echo ok
