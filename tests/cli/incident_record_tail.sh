# incident_record_tail.sh — the record cannot lose its tail unseen (issue
# 15, item 12): with the append-only triggers dropped (what anyone who can
# write the file can do), taking the last entry off the timeline leaves a
# chain that still links; `incident verify` must still say the record was
# altered, because the check-in it recorded is still counted.  Likewise a
# check-in row, a decision row, or a decision's entry taken away.  Each
# case on a fresh copy, named in verify's reason, exit 1.  Each write is
# signed with the record key kept beside the database (not in it): a lost
# key file starts a new key, recorded and named, never unsigned writes.
. "$TESTS_DIR/lib.sh"
command -v sqlite3 >/dev/null || fail "sqlite3 is missing (scripts/deps.sh installs it)"

demo_db d.db
$ITBCP --db d.db incident start --event disaster --at 2026-01-12T18:00+09:00 --intensity 6- \
	--area 東京都 --drill --as tester >/dev/null || fail "incident start"
$ITBCP --db d.db incident decide 1 "本部を設置する" --as tester >/dev/null || fail "decide"
$ITBCP --db d.db incident checkin 1 p-sato --status safe --as tester >/dev/null || fail "checkin"
$ITBCP --db d.db incident verify 1 >ok.out || { cat ok.out; fail "the untouched record does not verify"; }
expect_contains ok.out "記録は完全です" "the untouched record"

# The record key: beside the database, owner-only (README, "The record's key").
expect_eq "$(stat -c %a d.db.record-key)" 600 "the record key's mode"
# A missing key file: the write goes on under a new key, the change is a
# row with its reason, and verify names the key.
cp d.db lost.db
$ITBCP --db lost.db incident note 1 "鍵のない機械で" --as tester >/dev/null || fail "a write without the key file"
expect_eq "$(sqlite3 lost.db "SELECT id || ': ' || reason FROM record_keys ORDER BY id DESC LIMIT 1")" \
	"2: the key file was missing: a new key was made" "the key change is recorded"
ITBCP_LANG=en $ITBCP --db lost.db incident verify 1 >lost.out || { cat lost.out; fail "verify after the key change"; }
expect_contains lost.out "record key #2 ed25519:$(sqlite3 lost.db "SELECT lower(hex(public_key)) FROM record_keys WHERE id = 2"), this machine's key file" \
	"verify names the new key"
# ITBCP_RECORD_KEY puts the key elsewhere; one others can read is refused, nothing written.
n0=$(sqlite3 lost.db "SELECT count(*) FROM incident_timeline")
ITBCP_RECORD_KEY=$T/elsewhere.key $ITBCP --db lost.db incident note 1 "別の場所の鍵" --as tester >/dev/null ||
	fail "a write with ITBCP_RECORD_KEY"
[ -f "$T/elsewhere.key" ] || fail "ITBCP_RECORD_KEY: no key made there"
chmod 644 "$T/elsewhere.key"
if ITBCP_RECORD_KEY=$T/elsewhere.key $ITBCP --db lost.db incident note 1 "x" --as tester 2>open.err; then
	fail "a key file others can read was used"
fi
expect_contains open.err "elsewhere.key" "the refusal names the key file"
# serve refuses to start with it, rather than fail the first check-in batch.
set +e
ITBCP_RECORD_KEY=$T/elsewhere.key $ITBCP --db lost.db serve --listen 127.0.0.1:0 >/dev/null 2>serve.err
st=$?
set -e
expect_eq "$st" 2 "serve with a key file others can read"
expect_contains serve.err "elsewhere.key" "serve names the key file"
expect_eq "$(sqlite3 lost.db "SELECT count(*) FROM incident_timeline")" $((n0 + 1)) "nothing written with a bad key file"

# tamper NAME SQL: a copy of d.db with SQL run on it (the triggers that
# keep the timeline append-only dropped first).
tamper() {
	cp d.db "$1.db"
	sqlite3 "$1.db" "DROP TRIGGER incident_timeline_no_delete; DROP TRIGGER incident_timeline_no_update;
		DROP TRIGGER timeline_signatures_no_delete; $2" ||
		fail "$1: sqlite3"
}
# altered NAME TEXT: verify on the copy says the record was altered, naming TEXT.
altered() {
	set +e
	ITBCP_LANG=en $ITBCP --db "$1.db" incident verify 1 >"$1.out" 2>&1
	st=$?
	set -e
	expect_eq "$st" 1 "$1: verify's exit status"
	expect_contains "$1.out" "the record has been altered" "$1"
	expect_contains "$1.out" "$2" "$1: the reason"
}

last=$(sqlite3 d.db "SELECT max(seq) FROM incident_timeline WHERE incident = 1")
expect_eq "$(sqlite3 d.db "SELECT kind FROM incident_timeline WHERE incident = 1 AND seq = $last")" checkin \
	"the last entry is the check-in"
# Each write signed its last entry (record_keys, timeline_signatures): the
# signature outlives the entry it vouched for.
tamper tail "DELETE FROM incident_timeline WHERE incident = 1 AND seq = $last"
altered tail "entry $last was signed but is not in the record: the record lost its tail"
# The signature taken too: the check-in row still names its entry.
del_last="DELETE FROM incident_timeline WHERE incident = 1 AND seq = $last;
	DELETE FROM timeline_signatures WHERE incident = 1 AND seq = $last"
tamper tail_row "$del_last"
altered tail_row "a check-in row has no timeline entry (seq $last)"
# Every signature taken: the record was written after signing began.
tamper nosig "DELETE FROM timeline_signatures"
altered nosig "entries 1-$last are not signed, though written after signing began"

tamper checkin_row "DELETE FROM incident_checkins WHERE incident = 1"
altered checkin_row "the check-in entry has no check-in row (seq $last)"

dseq=$(sqlite3 d.db "SELECT seq FROM incident_records WHERE incident = 1 AND kind = 'decision'")
tamper decision_row "DELETE FROM incident_records WHERE incident = 1"
altered decision_row "the decision entry has no row (seq $dseq)"

# The decision's entry taken out of the middle breaks the chain itself.
tamper decision_entry "DELETE FROM incident_timeline WHERE incident = 1 AND seq = $dseq"
altered decision_entry "first broken entry"

# Every report carries the record's last entry and hash out of the
# database; verify --witness checks the record against it: the tail cut
# after the report was printed, or the chain rewritten and rehashed (what
# someone who can write the file can do), is named.
ITBCP_LANG=en $ITBCP --db d.db incident report 1 >report.txt || fail "report"
line=$(grep '^Record check: entries to ' report.txt) || { cat report.txt; fail "no record check on the report"; }
wseq=$(echo "$line" | sed 's/^Record check: entries to \([0-9]*\), SHA-256 \([0-9a-f]*\)$/\1/')
whash=$(echo "$line" | sed 's/^Record check: entries to \([0-9]*\), SHA-256 \([0-9a-f]*\)$/\2/')
expect_eq "$wseq" "$last" "the report names the last entry"
expect_eq "$whash" "$(sqlite3 d.db "SELECT hash FROM incident_timeline WHERE incident = 1 AND seq = $last")" \
	"the report's hash is the last entry's"
$ITBCP --db d.db incident report 1 --format json | jq -e ".record.entries == $last and .record.head == \"$whash\"" >/dev/null ||
	fail "the JSON report carries the record check"
$ITBCP --db d.db incident verify 1 --witness "$wseq:$(printf %.16s "$whash")" >w.out || { cat w.out; fail "--witness on the untouched record"; }
# The check-in entry, its signature and row all gone: rows, chain and
# signatures agree, the report does not.
tamper cut "$del_last; DELETE FROM incident_checkins WHERE incident = 1"
ITBCP_LANG=en $ITBCP --db cut.db incident verify 1 >cut0.out || { cat cut0.out; fail "without the witness the cut record verifies (as it must: nothing inside says otherwise)"; }
set +e
ITBCP_LANG=en $ITBCP --db cut.db incident verify 1 --witness "$wseq:$whash" >cut.out
st=$?
set -e
expect_eq "$st" 1 "cut: verify --witness exit status"
expect_contains cut.out "entry $last, printed on a report, is gone" "cut"
# A later entry's hash changed and the chain relinked from there.
tamper rehash "UPDATE incident_timeline SET hash = '$(printf '%064d' 0)' WHERE incident = 1 AND seq = $last"
set +e
ITBCP_LANG=en $ITBCP --db rehash.db incident verify 1 --witness "$wseq:$whash" >rehash.out
set -e
expect_contains rehash.out "hash differs from the report's" "rehash"
# A malformed witness is refused, exit 2.
set +e
$ITBCP --db d.db incident verify 1 --witness "$wseq:abc" >bad.out 2>bad.err
st=$?
set -e
expect_eq "$st" 2 "a short witness hash"
expect_contains bad.err "--witness" "the option is named"

# JSON says the same.
set +e
$ITBCP --db tail.db incident verify 1 --json >tail.json
set -e
expect_eq "$(jq -r '.ok' tail.json)" false "tail: JSON ok"
expect_eq "$(jq -r '.bad_seq' tail.json)" "$last" "tail: JSON bad_seq"
echo ok
