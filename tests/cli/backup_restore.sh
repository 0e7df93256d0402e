# backup_restore.sh — the restore drill of issue 17: a backup taken while a
# check-in burst goes on against `itbcp serve` (which takes its own
# scheduled backups too), restored into a fresh directory and served on
# another port; the restored plan exports identically, every check-in
# answered "received" before the backup began is there, and every incident
# record verifies.  Then the refusals: one byte changed, a cut-short file,
# a foreign file, a wrong key, a key readable by others, a file from a
# newer itbcp, an existing database without --force, a database in use —
# each with its message and nothing changed.  Also: the files are private
# (item 5), `itbcp check` flags a stale backup and a database others can
# read, and the dashboard shows the last good backup.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/web_lib.sh"
command -v jq >/dev/null || fail "jq is missing (scripts/deps.sh installs it)"
trap '[ -n "$PID" ] && kill -9 "$PID" 2>/dev/null; [ -n "$PID2" ] && kill -9 "$PID2" 2>/dev/null; rm -rf "$T"' EXIT
PID2=""
umask 022 # the files must be private whatever the umask says
mode() { stat -c %a "$1"; }

# ---- item 5: the database, its log and exports are the owner's only ----------
$ITBCP --db d.db init --demo >/dev/null
expect_eq "$(mode d.db)" 600 "a new database's mode under umask 022"
$ITBCP --db d.db export -o plan.json
expect_eq "$(mode plan.json)" 600 "an export's mode"
$ITBCP --db d.db incident start --event disaster --at 2026-01-12T18:00+09:00 --intensity 6- \
	--area 東京都 --as tester >/dev/null
echo 'admin-pass-2026' | $ITBCP --db d.db user add boss --role admin --totp-secret-file "$TOTP_SECRET_FILE" --password-stdin >/dev/null
$ITBCP --db d.db incident show 1 --json | jq -r '.checkins.people[] | select(.called) | .person' >called
$ITBCP --db d.db incident tokens --json |
	jq -r --rawfile c called '($c | split("\n")) as $cs | .[] | select(.person as $p | $cs | index($p)) | .url' >paths
[ "$(wc -l <paths)" -ge 5 ] || fail "expected the demo's called people"
$ITBCP --db d.db check >check0.out || true
expect_contains check0.out "バックアップの記録がありません" "check before any backup"

# ---- the server, with its own scheduled backups -------------------------------
head -c 32 /dev/urandom >key
chmod 600 key
serve_start --backup-dir sched --backup-key key --backup-every 60
i=0
until grep -q "itbcp backup: 保存しました" serve.err 2>/dev/null; do
	i=$((i + 1))
	[ $i -lt 200 ] || { cat serve.err; fail "serve took no backup at start"; }
	sleep 0.1
done
expect_eq "$(mode d.db-wal)" 600 "the write-ahead log's mode"
expect_eq "$(mode sched)" 700 "the backup directory's mode"
expect_eq "$(mode sched/itbcp-*.itbcp-backup)" 600 "a scheduled backup's mode"
expect_eq "$(login jar boss admin-pass-2026)" 303 "sign in"
curl -s -b jar "$U/" >dash.html
expect_contains dash.html "最後の正常なバックアップ:" "the dashboard's backup line"
expect_contains dash.html "暗号化" "the dashboard says it is encrypted"

# ---- a burst, and a backup in the middle of it ---------------------------------
worker() { # worker W: POSTs reports until told to stop; keeps the answered notes
	w=$1 n=0
	npaths=$(wc -l <paths)
	while [ ! -e stop ] && [ $n -lt 3000 ]; do
		n=$((n + 1))
		note="b-$w-$n"
		path=$(sed -n "$(((w * 7 + n) % npaths + 1))p" paths)
		code=$(curl -s -o "body.$w" -w '%{http_code}' --max-time 20 \
			--data "status=safe&assembly=online&note=$note" "$U$path") || code=000
		if [ "$code" = 200 ] && grep -q "$note" "body.$w"; then
			echo "$note" >>"answered.$w"
		fi
	done
}
answered() { cat answered.* 2>/dev/null | wc -l; }
for w in 0 1 2 3; do worker $w & done
i=0
while [ "$(answered)" -lt 24 ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
# Every report answered before the backup begins must be in it.
cat answered.* | sort >promised
$ITBCP --db d.db backup --to bk --key key --json >backup.json || { cat serve.err; fail "backup during the burst"; }
i=0
n0=$(answered)
while [ "$(answered)" -lt $((n0 + 12)) ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
touch stop
wait_workers() { for j in $(jobs -p); do [ "$j" = "$PID" ] || wait "$j" || true; done; }
wait_workers
echo "burst: $(wc -l <promised) answered before the backup, $(answered) in all"
[ "$(answered)" -gt "$(wc -l <promised)" ] || fail "the burst did not go on around the backup"
FILE=$(jq -r .file backup.json)
[ -f "$FILE" ] || fail "no backup file $FILE"
expect_eq "$(mode "$FILE")" 600 "the backup's mode"
expect_eq "$(jq -r .encrypted backup.json)" true "the backup is encrypted"
ls bk | grep -v '\.itbcp-backup$' && fail "temporary files left in bk/" || true

# Restoring over the running server's database is refused: it is in use.
if $ITBCP --db d.db restore --force --key key "$FILE" >inuse.out 2>inuse.err; then fail "restore over a database in use"; fi
expect_contains inuse.err "itbcp serve を止めてから復元してください" "restore over a running server"
serve_stop

# ---- the drill: a fresh directory, another port ----------------------------------
mkdir fresh
$ITBCP --db fresh/r.db restore --key key "$FILE" >restore.out || fail "restore"
expect_contains restore.out "復元しました: fresh/r.db" "restore says what it restored"
expect_eq "$(mode fresh/r.db)" 600 "the restored database's mode"
$ITBCP --db d.db export >orig.json
$ITBCP --db fresh/r.db export >restored.json
cmp -s orig.json restored.json || fail "the restored plan does not export identically"
$ITBCP --db fresh/r.db incident timeline 1 --json |
	jq -r '.[] | select(.kind == "checkin") | .content.note' | sort >recorded
missing=$(comm -23 promised recorded)
[ -z "$missing" ] || fail "answered before the backup but not restored: $missing"
$ITBCP --db fresh/r.db incident verify 1 >verify.out || { cat verify.out; fail "the restored record does not verify"; }
echo "restored: all $(wc -l <promised) reports answered before the backup, $(wc -l <recorded) in all"
cd fresh
$ITBCP --db r.db serve --listen 127.0.0.1:0 >serve.out 2>serve.err &
PID2=$!
i=0
until grep -q "listening on" serve.out 2>/dev/null; do
	i=$((i + 1)); [ $i -lt 100 ] || { cat serve.err; fail "the restored server did not start"; }; sleep 0.1
done
U2=$(sed -n 's|.*listening on \(http://127.0.0.1:[0-9]*\)/.*|\1|p' serve.out)
cd ..
code=$(curl -s -o after.html -w '%{http_code}' --data "status=safe&assembly=online&note=restored" "$U2$(head -n 1 paths)")
expect_eq "$code" 200 "a check-in on the restored server"
expect_contains after.html "受け付けました" "the restored server takes reports"
kill -TERM "$PID2"; wait "$PID2" || fail "the restored server's exit status"; PID2=""

# ---- refusals: nothing changes -------------------------------------------------------
refuse() { # refuse WHAT TEXT ARGS…: restore must exit 2 with TEXT and create nothing
	what=$1 text=$2
	shift 2
	set +e
	$ITBCP --db new.db restore "$@" >refuse.out 2>refuse.err
	st=$?
	set -e
	expect_eq "$st" 2 "$what: exit status"
	expect_contains refuse.err "$text" "$what"
	expect_contains refuse.err "何も変更していません" "$what"
	[ ! -e new.db ] || fail "$what: new.db was made"
	ls .itbcp-restore-* 2>/dev/null && fail "$what: a temporary file was left" || true
}
size=$(stat -c %s "$FILE")
cp "$FILE" bad
# one byte in the middle of the payload, flipped
off=$((size / 2))
orig=$(od -An -tu1 -j "$off" -N1 bad | tr -d ' ')
printf "$(printf '\\%03o' $(((orig + 1) % 256)))" | dd of=bad bs=1 seek="$off" conv=notrunc 2>/dev/null
refuse "one byte changed" "チェックサムが一致しません" --key key bad
head -c $((size - 100)) "$FILE" >cut
refuse "cut short" "途中で切れている" --key key cut
cp d.db foreign
refuse "a database, not a backup" "itbcp のバックアップファイルではありません" foreign
head -c 32 /dev/urandom >key2
chmod 600 key2
refuse "the wrong key" "鍵が違います" --key key2 "$FILE"
refuse "no key" "--key で鍵ファイルを指定してください" "$FILE"
chmod 644 key2
refuse "a key others can read" "所有者以外からも読めます" --key key2 "$FILE"
$ITBCP --db d.db backup --to plain --keep-hourly 0 --keep-daily 0 >/dev/null
PLAIN=$(ls plain/*.itbcp-backup)
# The manifest (plain JSON at the end, keys sorted) carries each record's
# last entry and hash and the record key, out of the database: the same
# values `incident verify` gives, which `--witness SEQ:HASH` takes later.
LC_ALL=C grep -ao '{"counts":.*"version":[0-9]*}' "$PLAIN" | tail -n 1 >manifest.json
$ITBCP --db d.db incident verify 1 --json >v1.json
jq -e --slurpfile v v1.json '.records == [{incident: 1, seq: $v[0].entries, hash: $v[0].head}]
	and .record_key == $v[0].key.public_key' manifest.json >/dev/null ||
	{ cat manifest.json v1.json; fail "the manifest does not carry the record's last entry and key"; }
# A manifest whose hash differs from the copy's record is refused.
h=$(jq -r '.records[0].hash' manifest.json)
perl -pe "s/\"hash\":\"$h/\"hash\":\"$(printf '%064d' 0)/" "$PLAIN" >otherhead
refuse "a manifest's record hash" "記録の最後の項目とハッシュ（または記録の鍵）がマニフェストと一致しません" otherhead
perl -pe 's/"schema":(\d+)/"\"schema\":" . ("9" x length($1))/e' "$PLAIN" >newer
refuse "from a newer itbcp" "新しい itbcp で作られたバックアップです" newer
: >new.db-wal
refuse "a log left without its database" "データベースのない古いログがあります" "$PLAIN"
rm new.db-wal
LANG_OUT=$(ITBCP_LANG=en $ITBCP --db new.db restore newer 2>&1 || true)
echo "$LANG_OUT" | grep -q "made by a newer itbcp" || fail "the English message: $LANG_OUT"
$ITBCP --db new.db restore --check "$PLAIN" >check.out || fail "restore --check of a good copy"
[ ! -e new.db ] || fail "restore --check made new.db"

# An existing database: refused without --force; with it, replaced and kept.
if $ITBCP --db fresh/r.db restore --key key "$FILE" 2>exists.err; then fail "restore over an existing database without --force"; fi
expect_contains exists.err "--force" "restore over an existing database"
$ITBCP --db fresh/r.db restore --force "$PLAIN" >force.out || fail "restore --force"
expect_contains force.out "置き換えたデータベースは" "restore --force keeps the old one"
ls fresh/r.db.replaced-* >/dev/null || fail "the replaced database was not kept"
$ITBCP --db fresh/r.db incident verify 1 >/dev/null || fail "the forced restore does not verify"

# ---- check: stale backups, and a database others can read -----------------------
set +e
ITBCP_NOW=2099-01-01T00:00+09:00 $ITBCP --db d.db check --json >stale.json
st=$?
set -e
expect_eq "$st" 1 "check exits 1 on a stale backup"
expect_eq "$(jq -r '[.[] | select(.code == "backup-stale")] | length' stale.json)" 1 "backup-stale finding"
chmod 644 d.db
$ITBCP --db d.db check --json >perm.json || true
expect_eq "$(jq -r '[.[] | select(.code == "db-readable-by-others") | .severity] | join(",")' perm.json)" \
	warning "db-readable-by-others finding"
expect_eq "$(jq -r '[.[] | select(.code == "backup-stale")] | length' perm.json)" 0 "a fresh backup is not stale"

# ---- a damaged database is not backed up ----------------------------------------------
# Someone with the file rewrites an entry of the record (dropping the trigger
# that forbids it): the chain no longer verifies, and the backup refuses to
# copy the damage over the good copies; the attempt is recorded as failed.
command -v sqlite3 >/dev/null || fail "sqlite3 is missing (scripts/deps.sh installs it)"
cp fresh/r.db tampered.db
sqlite3 tampered.db "DROP TRIGGER incident_timeline_no_update;
	UPDATE incident_timeline SET author = 'mallory' WHERE incident = 1 AND seq = 1"
if $ITBCP --db tampered.db backup --to tbk 2>tampered.err; then fail "a damaged database was backed up"; fi
expect_contains tampered.err "データベースが損なわれているため、バックアップしません" "a damaged database"
expect_eq "$(ls tbk | grep -c 'itbcp-backup' || true)" 0 "no copy of a damaged database"
$ITBCP --db tampered.db check --json >tampered.json || true
expect_eq "$(jq -r '[.[] | select(.code == "backup-failed")] | length' tampered.json)" 1 \
	"check reports the failed backup"
