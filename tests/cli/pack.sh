# pack.sh — the offline crisis pack (issue 17 item 4): `itbcp pack` writes
# one self-contained HTML file, mode 0600, the public variant without
# personal numbers; `itbcp incident import-ticks` takes the ticks exported
# from it into the incident's record once, refuses a bad file whole, and
# the record still verifies.
. "$TESTS_DIR/lib.sh"

export ITBCP_DB="$T/d.db" ITBCP_TODAY=2026-01-12 ITBCP_NOW=2026-01-12T03:30:00+09:00
"$ITBCP" init --demo >/dev/null

# ---- the pack ---------------------------------------------------------------
umask 000 # the mode must not depend on the umask being kind
"$ITBCP" pack -o pack.html >out.txt
expect_contains out.txt "pack.html" "pack prints what it wrote"
expect_eq "$(stat -c %a pack.html)" 600 "full pack's mode"
"$ITBCP" pack --public -o pub.html >/dev/null
expect_eq "$(stat -c %a pub.html)" 600 "public pack's mode"
umask 022

expect_contains pack.html "Content-Security-Policy\" content=\"default-src 'none'" "a policy forbidding requests"
expect_contains pack.html 'data-i="dn-01"' "the night procedure's first step is a box to tick"
expect_contains pack.html "大規模災害発生（夜間・休日）時の対応手順" "the procedure's title"
expect_contains pack.html "03-0000-1001" "a work phone"
expect_contains pack.html "090-0000-1001" "a mobile in the full pack"
expect_contains pack.html "ichiro.sato@example.go.jp" "an e-mail in the full pack"
expect_contains pub.html "03-0000-1001" "a work phone in the public pack"
grep -q "090-0000" pub.html && fail "the public pack holds a mobile number"
grep -q "@example.go.jp" pub.html && fail "the public pack holds an e-mail address"
grep -q "03-0000-9001" pub.html && fail "the public pack holds a home number"
# nothing the page could fetch: no src=, no href but anchors, tel: and mailto:
grep -Eo '(src|href)="[^"]*"' pack.html | grep -Ev '^href="(#|tel:|mailto:)' && fail "an external reference"
# the same plan gives the same id on another day (ticks survive a new copy)
ID=$(grep -o 'data-pack="[0-9a-f]*"' pack.html | cut -d'"' -f2)
ITBCP_TODAY=2026-02-01 "$ITBCP" pack -o again.html >/dev/null
expect_eq "$(grep -o 'data-pack="[0-9a-f]*"' again.html | cut -d'"' -f2)" "$ID" "pack id on another day"
"$ITBCP" pack >/dev/null 2>err.txt && fail "pack without -o"
expect_contains err.txt "-o" "pack says -o is needed"

# ---- the ticks back into an incident -------------------------------------------------
"$ITBCP" incident start --event disaster --at 2026-01-12T03:00+09:00 --intensity 6- --area 東京都 --as tester >/dev/null
cat >ticks.json <<JSON
{"format":"itbcp-ticks","version":1,"pack":"$ID","procedure":"proc-disaster-night",
 "ticks":[{"item":"dn-01","at":"2026-01-11T18:10:00Z","by":"佐藤"},{"item":"dn-02","at":"2026-01-11T18:20:00Z","by":""}]}
JSON
"$ITBCP" incident import-ticks 1 ticks.json --as tester --json >r1.json
expect_contains r1.json '"added": 2' "two ticks added"
expect_contains r1.json '"done": 2' "two steps done"
"$ITBCP" incident import-ticks 1 ticks.json --as tester --json >r2.json
expect_contains r2.json '"added": 0' "the same file again adds nothing"
expect_contains r2.json '"already": 2' "and says so"
"$ITBCP" incident show 1 --json >show.json
python3 - show.json <<'PY'
import json, sys
steps = {s["step"]: s for s in json.load(open(sys.argv[1]))["steps"]}
assert steps["dn-01"]["state"] == "done", steps["dn-01"]
assert steps["dn-01"]["done_at"].startswith("2026-01-12T03:10"), steps["dn-01"]
assert steps["dn-01"]["taken_by"] == "佐藤", steps["dn-01"]
assert steps["dn-03"]["state"] == "pending"
PY
"$ITBCP" incident timeline 1 --json >tl.json
expect_eq "$(grep -c '"source": "pack"' tl.json || true)" 2 "two entries marked as from the pack"
"$ITBCP" incident verify 1 >/dev/null || fail "the record does not verify after the import"

# refused whole, nothing written: an unknown step, a time before the event,
# another procedure, a file that is not one, too large
n_before=$("$ITBCP" incident timeline 1 --json | grep -c '"seq"')
refuse() { # FILE TEXT WHAT
	"$ITBCP" incident import-ticks 1 "$1" --as tester >/dev/null 2>err.txt && fail "$3 accepted"
	expect_contains err.txt "$2" "$3"
}
sed 's/"dn-02"/"zz-99"/' ticks.json >bad1.json
refuse bad1.json 'zz-99' "an unknown step"
sed 's/18:20:00Z/16:00:00Z/; s/"by":""/"by":"x"/' ticks.json >bad2.json
refuse bad2.json '$.ticks[1].at' "a tick before the event"
sed 's/proc-disaster-night/proc-security/' ticks.json >bad3.json
refuse bad3.json 'proc-security' "another procedure's ticks"
echo '{"format":"itbcp-plan"}' >bad4.json
refuse bad4.json '$.format' "a file of another format"
sed 's/"by":"佐藤"/"by":"佐藤","extra":1/' ticks.json >bad5.json
refuse bad5.json 'extra' "an unknown key"
head -c 300000 /dev/zero | tr '\0' ' ' >big.json
refuse big.json '大きすぎます' "a file over the limit"
expect_eq "$("$ITBCP" incident timeline 1 --json | grep -c '"seq"')" "$n_before" "nothing written by the refusals"
"$ITBCP" incident verify 1 >/dev/null || fail "the record does not verify"
