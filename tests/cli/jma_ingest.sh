# jma_ingest.sh — `itbcp jma ingest`: a JMA report that meets the demo
# plan's automatic criterion (震度6弱以上 in 東京都) starts the incident by
# itself, a drill for 訓練; the same report again changes nothing; a later
# report of the same event joins it; its 取消 is noted on it for the
# leads; 未入電 goes to a person; other reports start nothing and say why;
# a DOCTYPE is refused and nothing is kept.  Every report is listed with
# its reason and the credit 出典：気象庁.
. "$TESTS_DIR/lib.sh"

JMA_DIR=${JMA_DIR:-$TESTS_DIR/fixtures/jma} # JMA's samples, 出典：気象庁
export USER=tester ITBCP_NOW=2026-01-18T03:00+09:00
J="$ITBCP --db d.db jma"
demo_db d.db
incidents() { $ITBCP --db d.db incident list --json | jq length; }
reports() { $J list --json | jq length; }

# report STATUS INFO SERIAL OBSERVATION: a 震度速報 of EventID 20260118010000.
report() {
	cat <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<Report xmlns="http://xml.kishou.go.jp/jmaxml1/">
  <Control><Title>震度速報</Title><Status>$1</Status></Control>
  <Head xmlns="http://xml.kishou.go.jp/jmaxml1/informationBasis1/"><Title>震度速報</Title>
    <TargetDateTime>2026-01-18T01:00:00+09:00</TargetDateTime><EventID>20260118010000</EventID>
    <InfoType>$2</InfoType><Serial>$3</Serial></Head>
  <Body xmlns="http://xml.kishou.go.jp/jmaxml1/body/seismology1/">$4</Body>
</Report>
EOF
}
OBS='<Intensity><Observation><MaxInt>6-</MaxInt><Pref><Name>東京都</Name><MaxInt>6-</MaxInt><Area><Name>東京都２３区</Name><MaxInt>6-</MaxInt></Area></Pref></Observation></Intensity>'

# 1. 訓練, 6弱 in 東京都: a drill starts by itself.
report 訓練 発表 1 "$OBS" >drill.xml
$J ingest drill.xml --json >1.json || { cat 1.json; fail "ingest a qualifying report"; }
expect_eq "$(jq -r '.[0].decision' 1.json)" drill "6弱 in 東京都, 訓練: a drill"
expect_eq "$(jq -r '.[0].incident' 1.json)" 1 "incident 1 started"
expect_eq "$(jq -r '.[0].credit' 1.json)" 出典：気象庁 "credited"
expect_eq "$(incidents)" 1 "one incident"
$ITBCP --db d.db incident show 1 --json >inc.json
expect_eq "$(jq -r .incident.drill inc.json)" true "the incident is a drill"
expect_eq "$(jq -r .incident.intensity inc.json)" 6- "intensity from the report"

# 2. The same bytes again: received before, nothing new.
$J ingest drill.xml --json >2.json
expect_eq "$(jq -r '.[0].duplicate' 2.json)" true "the same report is recognised"
expect_eq "$(incidents)" 1 "still one incident"
expect_eq "$(reports)" 1 "kept once"

# 3. A later report of the same event joins the incident's record.
report 訓練 発表 2 "$OBS" >later.xml
$J ingest later.xml --json >3.json
expect_eq "$(jq -r '.[0].decision' 3.json)" joined "a later report joins"
expect_eq "$(jq -r '.[0].incident' 3.json)" 1 "joins incident 1"
expect_eq "$(incidents)" 1 "no second incident for the same event"

# 4. Its 取消: noted on the incident for its leads.
report 訓練 取消 3 '<Text>先ほどの震度速報を取り消します。</Text>' >cancel.xml
$J ingest cancel.xml --json >4.json
expect_eq "$(jq -r '.[0].decision' 4.json)" flagged "a withdrawal is flagged"
$ITBCP --db d.db incident timeline 1 --json >tl.json
jq -r '.[].content | tostring' tl.json | grep -q '取り消しました' || fail "the withdrawal is on the timeline"

# 5. 未入電 in 東京都, nothing numeric meets the criterion: a person decides.
report 通常 発表 1 '<Intensity><Observation><MaxInt>4</MaxInt><Pref><Name>東京都</Name><MaxInt>4</MaxInt><Area><Name>東京都２３区</Name><MaxInt>4</MaxInt><City><Name>千代田区</Name><Condition>震度５弱以上未入電</Condition></City></Area></Pref></Observation></Intensity>' |
	sed 's/20260118010000/20260118020000/' >unreported.xml
$J ingest unreported.xml --json >5.json
expect_eq "$(jq -r '.[0].decision' 5.json)" judgement "未入電 goes to a person"
expect_eq "$(jq -r '.[0].incident' 5.json)" null "nothing started"

# 6. JMA's own samples: 6弱 in 静岡県 is below the plan's criterion (東京都);
#    VXSE52 is context; a weather warning is another kind.
$J ingest "$JMA_DIR/official_32-35_01_01_100806_VXSE51.xml" \
	"$JMA_DIR/official_32-35_01_02_240613_VXSE52.xml" \
	"$JMA_DIR/official_15_15_01_220314_VPWW54.xml" --json >6.json
expect_eq "$(jq -r '[.[].decision] | join(",")' 6.json)" none,none,none "samples start nothing"
jq -r '.[0].reason' 6.json | grep -q '東京都 震度6弱以上' || { cat 6.json; fail "the reason names the criterion not met"; }
expect_eq "$(incidents)" 1 "still one incident"

# 7. A DOCTYPE is refused: exit 2, the reason, nothing kept; the other
#    file on the same line is still taken.
n=$(reports)
{ echo '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaa">]>'; report 通常 発表 1 "$OBS" | tail -n +2; } >bomb.xml
set +e
$J ingest bomb.xml "$JMA_DIR/official_32-35_04_04_240613_VXSE53.xml" >7.out 2>&1; st=$?
set -e
expect_eq "$st" 2 "exit status with a refused file"
expect_contains 7.out "bomb.xml" "the refused file is named"
expect_contains 7.out "DOCTYPE" "the reason is given"
expect_eq "$(reports)" $((n + 1)) "only the good file was kept"
expect_eq "$(incidents)" 1 "nothing started by the refused file"

# 8. The list: every report, newest first, each with why and the credit.
$J list >list.txt
expect_contains list.txt "出典：気象庁" "the list credits JMA"
expect_contains list.txt "drill" "the drill is listed"
expect_eq "$(reports)" 8 "eight reports kept"
echo ok
