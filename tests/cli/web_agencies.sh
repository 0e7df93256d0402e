# web_agencies.sh — many agencies in one service (issue 18, item 5): one
# `itbcp serve --agencies FILE` for two agencies, each its own database
# and host name.  Each sees its own plan at its own host; a host that is
# not listed gets 404 and touches no database; every route of the table
# (pages, the API, the documents), sent to B's host with A's sessions, is
# refused and shows nothing of B; A's pages at A's addresses show nothing
# of B; check-in links and passwords of one agency are unknown at the
# other, and B's wallet card leads to B's host whatever ITBCP_BASE_URL
# says (tests/support/agency_probe.py); and after all of it B's database
# holds exactly what it held before.  Bad agencies files are refused at
# start with the line named.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/web_lib.sh"
. "$TESTS_DIR/support/pg_cluster.sh"
command -v jq >/dev/null || fail "jq is missing (scripts/deps.sh installs it)"
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; pg_test_cleanup; rm -rf "$T"' EXIT
# A on SQLite, B on PostgreSQL: a service may mix them, and the probe
# below then runs against both engines (A's pages, B's refusals and rows).
pg_test_db web_agencies || fail "no PostgreSQL database for the test"
B=$PG
export ITBCP_RECORD_KEY="$T/record.key" # PostgreSQL has no folder beside its database

# A: the demo plan.  B: the same plan under another name, so that any of
# B's data in an answer shows (MARKER), with an incident of its own.
MARKER=乙機関BETA
demo_db a.db
$ITBCP --db "$B" init --demo >/dev/null || fail "B's database"
$ITBCP --db "$B" export | sed "s/デモ省/$MARKER/g" >b.json
$ITBCP --db "$B" import b.json >/dev/null || fail "B's plan"
for db in a.db "$B"; do
	echo 'admin-pass-1' | $ITBCP --db "$db" user add admin --role admin \
		--totp-secret-file "$TOTP_SECRET_FILE" --password-stdin >/dev/null
	$ITBCP --db "$db" incident start --event disaster --at 2026-01-12T18:00+09:00 \
		--intensity 6- --area 東京都 --as tester >/dev/null || fail "incident start"
done
# B's second incident, closed: its review's text (another route).
$ITBCP --db "$B" incident start --event disaster --at 2026-02-01T09:00+09:00 --intensity 5+ \
	--area 東京都 --as tester >/dev/null || fail "B's second incident"
$ITBCP --db "$B" incident close 2 --as tester >/dev/null || fail "close"
# The planner "pat" exists at A only: its password must not open B.
echo 'planner-pass-1' | $ITBCP --db a.db user add pat --role planner --password-stdin >/dev/null
$ITBCP --db a.db incident tokens --json | jq -r '.[0].url' | sed 's|.*/c/||' >a-token
$ITBCP --db "$B" incident tokens --json | jq -r '.[0].url' | sed 's|.*/c/||' >b-token
[ -s a-token ] && [ -s b-token ] || fail "no check-in links"

# ---- bad agencies files: refused at start, the line named -------------
bad() { # bad TEXT EXPECTED: `serve --agencies` on TEXT exits 2 saying EXPECTED
	printf '%b' "$1" >bad.txt
	set +e
	$ITBCP --lang en serve --agencies bad.txt --listen 127.0.0.1:0 >bad.out 2>bad.err
	st=$?
	set -e
	expect_eq "$st" 2 "exit status for: $1"
	expect_contains bad.err "$2" "message for: $1"
}
bad 'a.example.test a.db\nA.example.test. b.db\n' 'bad.txt:2: a.example.test: listed already on line 1'
bad 'a.example.test\n' 'bad.txt:1: expected two fields: HOST DATABASE'
bad 'a.example.test:8080 a.db\n' 'bad.txt:1: a.example.test:8080: not a host name'
bad 'a..example a.db\n' 'not a host name'
bad '# nothing\n\n' 'bad.txt: lists no agency'
bad 'a.example.test a.db extra\n' 'bad.txt:1: expected two fields'
bad 'a.example.test missing.db\n' 'missing.db'
# A standby's link to the primary (two sites) is each agency's own: with
# --agencies the address is a pattern with {host} in it, once.
printf 'a.example.test a.db\n' >one.txt
for url in https://primary.example.test 'https://{host}.p.example.test/{host}'; do
	set +e
	$ITBCP --lang en serve --agencies one.txt --primary-url "$url" --listen 127.0.0.1:0 >bad.out 2>bad.err
	st=$?
	set -e
	expect_eq "$st" 2 "--primary-url $url with --agencies"
	expect_contains bad.err "with --agencies, write {host} once" "the message for $url"
done
set +e
$ITBCP --lang en serve --agencies nowhere.txt >bad.out 2>bad.err
st=$?
set -e
expect_eq "$st" 2 "a missing agencies file"
expect_contains bad.err '--agencies nowhere.txt: No such file' "a missing file named"
[ ! -e missing.db ] || fail "a refused start created a database"

# ---- two agencies, one server --------------------------------------------
printf '# the agencies of this service\na.example.test a.db\nb.example.test\t%s\n' "$B" >agencies.txt
# rows DB OUT: every row of every table of DB (read only), as JSON.
rows() { python3 -c 'import json, sqlite3, sys
c = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
t = [r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = ?", ("table",))]
json.dump({n: sorted(map(repr, c.execute("SELECT * FROM \"%s\"" % n))) for n in t},
          open(sys.argv[2], "w"), ensure_ascii=False)' "$1" "$2"; }
# rows of B: a whole copy into SQLite (itbcp copy, verified), then read.
rows_of_b() {
	rm -f "$1.db"
	$ITBCP --db "$B" copy --to "$1.db" >/dev/null || fail "copy of B"
	rows "$1.db" "$1.json"
}
rows_of_b b-before
# One base URL for the process: each agency's cards must not use it.
export ITBCP_BASE_URL=https://one-for-all.example.test
SERVE_DB=unused.db serve_start --agencies agencies.txt
[ ! -e unused.db ] || fail "--db was opened beside --agencies"
port=${U##*:}
expect_contains serve.err '機関 a.example.test: a.db' "agencies listed at start"
get() { # get HOST PATH: the status, the body in got.html
	curl -s -o got.html -w '%{http_code}' -H "Host: $1" "$U$2"
}
expect_eq "$(get nowhere.example.test /login)" 404 "an unlisted host"
expect_contains got.html 'No agency is served at this address' "the unlisted host's answer"
expect_eq "$(get 127.0.0.1:$port /login)" 404 "the bare address names no agency"
expect_eq "$(get B.Example.Test.:$port /login)" 200 "a host's name in any case, with a port"
expect_eq "$(get a.example.test /assets/app.css)" 200 "the assets are every agency's"
# Each sign-in page says whose it is (a person at the wrong address sees it
# before typing a password), and only its own agency's name.
expect_eq "$(get a.example.test /login)" 200 "A's sign-in page"
expect_contains got.html '<p class="agency">デモ省</p>' "A's name on A's sign-in page"
grep -q "$MARKER" got.html && fail "B's name on A's sign-in page"
expect_eq "$(get b.example.test /login)" 200 "B's sign-in page"
expect_contains got.html "<p class=\"agency\">$MARKER</p>" "B's name on B's sign-in page"
expect_eq "$(get a.example.test "/c/$(cat a-token)")" 200 "A's link at A"
expect_eq "$(get b.example.test "/c/$(cat b-token)")" 200 "B's link at B"

python3 "$TESTS_DIR/support/agency_probe.py" "$port" "$TESTS_DIR/../src/web/core/route.c" \
	"$TOTP_SECRET_FILE" "$MARKER" "$PWD" >probe.out 2>&1 || {
	cat probe.out
	tail -n 20 serve.err
	fail "agency probe"
}
cat probe.out
serve_stop

# B's database: every row of every table as it was, but for what B's own
# admin's sign-in wrote: its sessions, its second factor's last step and
# the audit entries of its sign-ins (nothing A's people sent changed it).
rows_of_b b-after
python3 -c 'import json, sys
before, after = json.load(open("b-before.json")), json.load(open("b-after.json"))
admin = [r for r in before["users"] if ", \x27admin\x27, " in r][0].split(",")[0].strip("(")
for t in sorted(set(before) | set(after)):
    old, new = before.get(t, []), after.get(t, [])
    if old == new:
        continue
    gone, added = sorted(set(old) - set(new)), sorted(set(new) - set(old))
    if t == "sessions" and not gone and all(r.split(", ")[1] == admin for r in added):
        continue
    if t == "audit_log" and not gone and all(r.split(", ")[2] == "\x27admin\x27" for r in added):
        continue
    if t == "totp" and [r.split(", ")[0] for r in gone] == ["(" + admin] == \
            [r.split(", ")[0] for r in added]:
        continue
    sys.exit("B table %s changed: gone %s, added %s" % (t, gone[:3], added[:3]))
print("B: %d tables, every row as before but for its own admin sign-in" % len(after))' ||
	fail "B's database changed"
echo "ok"
