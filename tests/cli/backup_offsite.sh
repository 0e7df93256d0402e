# backup_offsite.sh — `itbcp backup --to URL` (issue 17 item 2) against
# real servers started here: OpenSSH's sshd with its SFTP server on a
# loopback port (sftp://, public-key login, the host key checked against
# known_hosts) and a small HTTP server taking PUT, GET and DELETE with a
# password (tests/support/put_server.py).  Each copy must arrive and read
# back whole; the retention rule deletes old copies there; a copy that
# arrives changed, a wrong host key and a missing password are failures;
# a password is refused in the URL and never lands in the output or the
# database.  A copy fetched back from the other site restores.
. "$TESTS_DIR/lib.sh"
SSHD=${SSHD:-/usr/sbin/sshd}
[ -x "$SSHD" ] || fail "sshd is missing (scripts/deps.sh installs openssh-server)"
command -v python3 >/dev/null || fail "python3 is missing"
command -v ssh-keygen >/dev/null || fail "ssh-keygen is missing (openssh-client)"
SSHD_PID="" HTTP_PID="" SERVE_PID=""
trap 'for p in $SSHD_PID $HTTP_PID $SERVE_PID; do kill "$p" 2>/dev/null; done; rm -rf "$T"' EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
count() { ls "$1" 2>/dev/null | grep -c '\.itbcp-backup$' || true; }
# The retention rule keeps the newest copy of each hour: three copies made
# within one hour leave one there; when the clock turns an hour between the
# first and the last (a CI run once made them at 07:59 and 08:00), one or
# two.  expect_kept DIR HOUR_BEFORE WHAT
hour() { date -u +%Y%m%dT%H; }
expect_kept() {
	kept=$(count "$1")
	if [ "$2" = "$(hour)" ]; then
		expect_eq "$kept" 1 "$3"
	else
		[ "$kept" = 1 ] || [ "$kept" = 2 ] || fail "$3: $kept copies kept, the hour having turned"
	fi
}

$ITBCP --db d.db init --demo >/dev/null
$ITBCP --db d.db incident start --event disaster --at 2026-01-12T18:00+09:00 --intensity 6- \
	--area 東京都 --as tester >/dev/null

# ---- the HTTP site: PUT, GET, DELETE, a password ---------------------------------
mkdir site
PUT_AUTH='backup:s3cret-Pa55' python3 "$TESTS_DIR/support/put_server.py" site http.port 2>http.log &
HTTP_PID=$!
i=0
until [ -s http.port ]; do
	i=$((i + 1)); [ $i -lt 100 ] || { cat http.log; fail "the HTTP server did not start"; }; sleep 0.1
done
H="http://127.0.0.1:$(cat http.port)"
printf 'machine 127.0.0.1 login backup password s3cret-Pa55\n' >netrc
chmod 600 netrc

if $ITBCP --db d.db backup --to "http://backup:s3cret-Pa55@127.0.0.1:1/x/" >pw.out 2>pw.err; then fail "a password in the URL"; fi
expect_contains pw.err "--netrc" "a password in the URL is refused"
if $ITBCP --db d.db backup --to "http://192.0.2.1/x/" --netrc netrc 2>http.err; then fail "plain http to another host"; fi
expect_contains http.err "https://" "plain http off this machine is refused"
chmod 644 netrc
if $ITBCP --db d.db backup --to "$H/bk/" --netrc netrc 2>open.err; then fail "a netrc others can read"; fi
expect_contains open.err "chmod 600" "a netrc others can read"
chmod 600 netrc
if $ITBCP --db d.db backup --to "$H/bk/" 2>nopw.err; then fail "no password"; fi
expect_contains nopw.err "401" "the site refuses a copy without the password"

before=$(hour)
for n in 1 2 3; do
	$ITBCP --db d.db backup --to "$H/bk" --netrc netrc --json >"http.$n.json" ||
		fail "backup to $H/bk ($n)"
done
expect_kept site/bk "$before" "the retention rule at the HTTP site (the newest of the hour)"
name=$(jq -r .file http.3.json | sed 's|.*/||')
[ -f "site/bk/$name" ] || fail "the newest copy is not at the site"
# what arrived is what was made: fetch it back and restore it elsewhere
cp "site/bk/$name" fetched.itbcp-backup
$ITBCP --db elsewhere.db restore fetched.itbcp-backup >/dev/null || fail "restore of the copy from the other site"
$ITBCP --db elsewhere.db incident verify 1 >/dev/null || fail "the copy from the other site does not verify"
# a site that stores something else than it was sent
if $ITBCP --db d.db backup --to "$H/corrupt/" --netrc netrc 2>corrupt.err; then fail "a copy changed on arrival"; fi
expect_contains corrupt.err "読み戻した内容が一致しません" "a copy changed on arrival"
grep -q "s3cret" d.db d.db-wal pw.out open.err nopw.err corrupt.err http.*.json 2>/dev/null &&
	fail "the password appears in the database or the output"
$ITBCP --db d.db check --json >check.json || true
expect_eq "$(jq -r '[.[] | select(.code == "backup-failed")] | length' check.json)" 1 "check reports the failed last attempt"

# serve sends its scheduled copies off-site too; a bad URL stops its start.
if $ITBCP --db d.db serve --listen 127.0.0.1:0 --backup-dir "http://a:b@127.0.0.1:1/x/" 2>serve_bad.err; then
	fail "serve started with a password in its backup URL"
fi
expect_contains serve_bad.err "--netrc" "serve refuses a password in the URL"
$ITBCP --db d.db serve --listen 127.0.0.1:0 --backup-dir "$H/served/" --backup-netrc netrc \
	>serve.out 2>serve.err &
SERVE_PID=$!
i=0
until grep -q "itbcp backup: 保存しました" serve.err 2>/dev/null; do
	i=$((i + 1)); [ $i -lt 150 ] || { cat serve.err; fail "serve sent no backup off-site"; }; sleep 0.1
done
kill -TERM "$SERVE_PID"
wait "$SERVE_PID" || fail "serve's exit status"
SERVE_PID=""
expect_eq "$(count site/served)" 1 "serve's scheduled copy at the HTTP site"
grep -q "s3cret" serve.out serve.err && fail "the password appears in serve's log"

# ---- the SFTP site: OpenSSH on a loopback port --------------------------------------
ssh-keygen -q -t ecdsa -N '' -f hostkey
ssh-keygen -q -t ecdsa -m PEM -N '' -f client
cp client.pub authorized_keys
mkdir remote
P=$(free_port)
cat >sshd_config <<CONF
Port $P
ListenAddress 127.0.0.1
HostKey $T/hostkey
AuthorizedKeysFile $T/authorized_keys
StrictModes no
UsePAM yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PidFile none
ForceCommand internal-sftp
Subsystem sftp internal-sftp
CONF
echo "[127.0.0.1]:$P $(cut -d' ' -f1,2 hostkey.pub)" >known_hosts
# sshd names its PAM service after the name it is run by: through this
# link it is not Debian's "sshd" service (whose pam_loginuid needs root)
# but PAM's "other", the common account checks.
ln -s "$SSHD" "$T/itbcp-test-sshd"
SSHD=$T/itbcp-test-sshd
if [ "$(id -u)" = 0 ]; then
	# sshd as root wants its privilege-separation user; as nobody it
	# needs nothing of the system, and serves only nobody.
	SSH_USER=nobody
	chmod 711 "$T"
	chown nobody hostkey authorized_keys remote
	setpriv --reuid=nobody --regid=nogroup --clear-groups "$SSHD" -D -e -f "$T/sshd_config" 2>sshd.log &
else
	SSH_USER=$(id -un)
	"$SSHD" -D -e -f "$T/sshd_config" 2>sshd.log &
fi
SSHD_PID=$!
i=0
until grep -q "Server listening" sshd.log 2>/dev/null; do
	i=$((i + 1)); [ $i -lt 100 ] || { cat sshd.log; fail "sshd did not start"; }; sleep 0.1
done
S="sftp://$SSH_USER@127.0.0.1:$P$T/remote/bk/"
if $ITBCP --db d.db backup --to "$S" --ssh-key client 2>nokh.err; then fail "sftp without known_hosts"; fi
expect_contains nokh.err "--known-hosts" "sftp needs the host key"
before=$(hour)
for n in 1 2 3; do
	$ITBCP --db d.db backup --to "$S" --ssh-key client --known-hosts known_hosts \
		>"sftp.$n.out" || { cat sshd.log; fail "backup to $S ($n)"; }
done
expect_contains sftp.3.out "sftp://" "the copy's address"
expect_kept remote/bk "$before" "the retention rule at the SFTP site"
cp "$(ls remote/bk/*.itbcp-backup | tail -n 1)" fetched2.itbcp-backup
$ITBCP --db d.db restore --check fetched2.itbcp-backup >/dev/null || fail "the copy at the SFTP site does not verify"
# a server whose host key is not the one known
ssh-keygen -q -t ecdsa -N '' -f other
echo "[127.0.0.1]:$P $(cut -d' ' -f1,2 other.pub)" >wrong_hosts
if $ITBCP --db d.db backup --to "$S" --ssh-key client --known-hosts wrong_hosts 2>wrongkh.err; then
	fail "an unknown host key was accepted"
fi
expect_contains wrongkh.err "SSH remote key was not OK" "a wrong host key is refused"
expect_eq "$(count remote/bk)" "$kept" "nothing sent to a host with the wrong key"
