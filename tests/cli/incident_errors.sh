# incident_errors.sh — bad input to `itbcp incident` is refused with a
# message naming the field, exit 2 and nothing written; JMA XML is read
# without entity expansion; a security incident at night picks its own
# procedure; personal check-in links are stable until rotated.
. "$TESTS_DIR/lib.sh"

JMA_DIR=${JMA_DIR:-$TESTS_DIR/fixtures/jma} # JMA's samples, 出典：気象庁
export USER=tester ITBCP_NOW=2026-01-18T03:00+09:00
I="$ITBCP --db d.db incident"
demo_db d.db
count() { $I list --json | jq length; }

# refused: exit 2, the field named, no incident made.
refuse() { # WHAT EXPECTED_TEXT CMD...
	what=$1 text=$2
	shift 2
	if "$@" >out 2>&1; then fail "$what: accepted"; else rc=$?; fi
	expect_eq "$rc" 2 "$what: exit status"
	expect_contains out "$text" "$what: message"
}
refuse "unknown event" "--event" $I start --event quake --at 2026-01-18T02:00+09:00
refuse "no time" "--at" $I start --event disaster
refuse "time without offset" "--at" $I start --event disaster --at 2026-01-18T02:00
refuse "bad intensity" "--intensity" $I start --event disaster --at 2026-01-18T02:00+09:00 --intensity 8
refuse "unknown system" "--system" $I start --event security --at 2026-01-18T00:00+09:00 --system nope
refuse "future time" "--at" $I start --event disaster --at 2026-01-19T00:00+09:00
refuse "VXSE52 has no intensities" "Intensity" $I start --event disaster --jma "$JMA_DIR/official_32-35_01_02_240613_VXSE52.xml"
refuse "cancellation report" "取消" $I start --event disaster --jma "$JMA_DIR/official_32-35_06_06_100915_VXSE53.xml"
refuse "missing file" "--jma" $I start --event disaster --jma nope.xml
printf 'not xml' >junk.xml
refuse "not XML" "XML" $I start --event disaster --jma junk.xml
expect_eq "$(count)" 0 "nothing was written"

# A document type declaration is refused outright (an entity bomb would
# otherwise cost hundreds of MB), external entity or not, and nothing is
# written.
cat >xxe.xml <<'EOF'
<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE Report [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY big "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA">]>
<Report xmlns="http://xml.kishou.go.jp/jmaxml1/">
  <Control><Title>震度速報</Title><Status>訓練</Status></Control>
  <Head xmlns="http://xml.kishou.go.jp/jmaxml1/informationBasis1/"><Title>震度速報</Title>
    <TargetDateTime>2026-01-18T01:00:00+09:00</TargetDateTime><EventID>20260118010000</EventID><InfoType>発表</InfoType></Head>
  <Body xmlns="http://xml.kishou.go.jp/jmaxml1/body/seismology1/"><Intensity><Observation>
    <MaxInt>6+</MaxInt>
    <Pref><Name>東京都&xxe;</Name><MaxInt>6+</MaxInt><Area><Name>東京都２３区</Name><MaxInt>6-</MaxInt></Area></Pref>
  </Observation></Intensity></Body>
</Report>
EOF
refuse "DOCTYPE" "DOCTYPE" $I start --event disaster --jma xxe.xml
expect_eq "$(count)" 0 "nothing was written for a DOCTYPE"
# The same report without it starts a drill (訓練) from its intensities.
grep -v '<!DOCTYPE' xxe.xml | sed 's/&xxe;//' >plain.xml
$I start --event disaster --jma plain.xml --json >xxe.json || fail "start from a crafted report"
expect_eq "$(jq -r .intensity xxe.json)" 6+ "intensity from VXSE51-style report"
expect_eq "$(jq -r .assembly xxe.json)" automatic "6- in 東京都２３区 meets the criterion"
expect_eq "$(jq -r .variant xxe.json)" night_holiday "Sunday 01:00"
expect_eq "$(jq -r .procedure xxe.json)" proc-disaster-night "night procedure"

# Manual parameters: automatic assembly from --intensity/--area.
$I start --event disaster --at 2026-01-18T00:30+09:00 --intensity 6弱 --area 東京都 --json >m.json || fail "manual start"
expect_eq "$(jq -r .assembly m.json)" automatic "6弱 in 東京都"
expect_eq "$(jq -r .intensity m.json)" 6- "intensity normalised"

# A security incident (Sunday 00:00, the seed's scenario) hits one system.
$I start --event security --at 2026-01-18T00:00+09:00 --system mail --text "ランサムウェア感染" --json >s.json || fail "security start"
expect_eq "$(jq -r .procedure s.json)" proc-security "security procedure"
id=$(jq -r .id s.json)
$I show "$id" --json >sb.json
expect_eq "$(jq -r '.systems[] | select(.system == "mail") | .damage' sb.json)" down "system hit is down"
expect_eq "$(jq -r '.systems[] | select(.system == "mail") | .hit' sb.json)" true "system hit marked"

# Bad input to writes: exit 2, field named, timeline unchanged.
n=$($I timeline "$id" --json | jq length)
refuse "bad status" "--status" $I checkin "$id" p-sato --status fine
refuse "bad assembly" "--assembly" $I checkin "$id" p-sato --status safe --assembly maybe
refuse "bad eta" "--eta" $I checkin "$id" p-sato --status safe --eta soon
refuse "not called" "p-nobody" $I checkin "$id" p-nobody --status safe
refuse "check-in before the event" "--at" $I checkin "$id" p-sato --status safe --at 2026-01-17T00:00+09:00
refuse "unknown step" "99" $I step "$id" 99 --done
refuse "start and done" "--start" $I step "$id" 1 --start --done
refuse "bad level" "--level" $I system "$id" mail --level 120
refuse "bad policy" "--policy" $I system "$id" mail --policy moon
refuse "bad damage" "--damage" $I system "$id" mail --damage some
refuse "unknown system" "nope" $I system "$id" nope --damage down
refuse "bad validation" "--validated" $I system "$id" mail --validated vibes
refuse "empty decision" "TEXT" $I decide "$id" ""
refuse "bad id" "ID" $I show x
refuse "no such incident" "99" $I show 99
refuse "unknown role" "--roles" $I add-step "$id" "追加" --roles role-nope
refuse "review before close" "$id" $I review "$id" --cause x
refuse "unknown subcommand" "frobnicate" $I frobnicate
expect_eq "$($I timeline "$id" --json | jq length)" "$n" "refused writes wrote nothing"
$I verify "$id" >/dev/null || fail "verify after refusals"
$ITBCP --db d.db --lang en incident checkin "$id" p-sato --status fine >out 2>&1 || true
expect_contains out "must be safe, injured or cannot_act" "English message"

# Personal check-in links: one per person, stable, rotatable.
$I tokens --base-url https://bcp.example.go.jp/ --json >t1.json || fail "tokens"
expect_eq "$(jq length t1.json)" "$($ITBCP --db d.db export | jq '.people | length')" "one link per person"
jq -e 'all(.[]; .url | test("^https://bcp\\.example\\.go\\.jp/c/[A-Za-z0-9_-]{27}$"))' t1.json >/dev/null ||
	fail "URL shape"
$I tokens --base-url https://bcp.example.go.jp --json >t2.json
cmp -s t1.json t2.json || fail "tokens are stable"
$I tokens --rotate p-sato --json >t3.json
old=$(jq -r '.[] | select(.person == "p-sato") | .url' t1.json | sed 's|.*/c/||')
new=$(jq -r '.[] | select(.person == "p-sato") | .url' t3.json | sed 's|.*/c/||')
[ "$old" != "$new" ] || fail "rotation changes the token"
expect_eq "$(jq -r '.[] | select(.person == "p-suzuki") | .url' t3.json | sed 's|.*/c/||')" \
	"$(jq -r '.[] | select(.person == "p-suzuki") | .url' t1.json | sed 's|.*/c/||')" "others unchanged"
refuse "bad base URL" "--base-url" $I tokens --base-url "javascript:alert(1)"
refuse "rotate unknown" "--rotate" $I tokens --rotate p-nobody
sqlite3 d.db .dump >dump.sql
if grep -qF -- "$new" dump.sql || grep -qF -- "$old" dump.sql; then fail "a token itself is stored"; fi
