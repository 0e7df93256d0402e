#!/bin/sh
# bench/recovery.sh — itbcp's own recovery point and recovery time (issue
# 17, item 3): how old the off-site copy can be, and how long it takes
# from that copy to a serving itbcp with the plan and the open incidents.
#
# The "other site" is tests/support/put_server.py on loopback (what
# tests/cli/backup_offsite.sh uses); the copy is encrypted with a key file.
# Steps, each timed:
#   1. the agency's database: a generated plan of PEOPLE people (default
#      2,000), an incident started, CHECKINS check-ins (default 50);
#   2. one backup to the other site, as `serve --backup-dir` takes them
#      (made, verified, encrypted, sent, read back);
#   3. the disaster: the database, its directory and the local copies gone;
#   4. recovery on a clean directory, as the README's runbook says: fetch
#      the newest copy (curl with the netrc), `itbcp restore` (verifies
#      checksum, decryption, integrity, every chain), `itbcp serve` until
#      it answers, then the plan exported and the incident read back;
#      the plan must export identically and the check-ins all be there.
# The recovery point is the backup interval plus the time one backup
# takes (step 2); the recovery time is step 4, with the binary installed
# (installing the packages is apt's time, not measured here).
# Timings only: it never passes or fails on a figure.
#
#   bench/recovery.sh
#   PEOPLE=500 CHECKINS=20 bench/recovery.sh
#   ITBCP=/tmp/b/itbcp bench/recovery.sh
set -eu
cd "$(dirname "$0")/.."

ITBCP=${ITBCP:-$PWD/build/itbcp}
PEOPLE=${PEOPLE:-2000}
CHECKINS=${CHECKINS:-50}
INTERVAL=${INTERVAL:-60}

die() {
	echo "bench/recovery.sh: $*" >&2
	exit 1
}
[ -x "$ITBCP" ] || { make -s "$ITBCP" >/dev/null 2>&1 || die "build $ITBCP first (make)"; }
command -v python3 >/dev/null || die "python3 is missing"

T=$(mktemp -d)
ITBCP_PID=""
SITE_PID=""
trap '[ -n "$ITBCP_PID" ] && kill "$ITBCP_PID" 2>/dev/null; [ -n "$SITE_PID" ] && kill "$SITE_PID" 2>/dev/null; rm -rf "$T"' EXIT INT TERM
. "$PWD/bench/itbcp.sh"

# ms: milliseconds since the epoch.
ms() { date +%s%3N; }

# 1. The agency's database.
mkdir -p "$T/agency" "$T/site"
A="$T/agency/itbcp.db"
"$ITBCP" test-generate --systems 100 --people "$PEOPLE" --businesses 60 -o "$T/plan.json" >/dev/null ||
	die "test-generate"
"$ITBCP" --db "$A" init >/dev/null || die "init"
"$ITBCP" --db "$A" import "$T/plan.json" >/dev/null || die "import"
"$ITBCP" --db "$A" incident start --event "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["events"][0]["id"])' "$T/plan.json")" \
	--at 2026-01-12T18:00+09:00 --drill --as bench >/dev/null || die "incident start"
"$ITBCP" --db "$A" export >"$T/plan.before.json"
# Check-ins through the CLI (a process each): the first CHECKINS called.
"$ITBCP" --db "$A" incident show 1 --json >"$T/called.json"
n=0
for p in $(python3 -c 'import json,sys; print("\n".join(x["person"] for x in json.load(open(sys.argv[1]))["checkins"]["people"]))' "$T/called.json"); do
	[ "$n" -lt "$CHECKINS" ] || break
	"$ITBCP" --db "$A" incident checkin 1 "$p" --status safe --as bench >/dev/null && n=$((n + 1))
done
size=$(stat -c %s "$A")

# The other site.
printf 'machine 127.0.0.1 login backup password bench-Pa55\n' >"$T/netrc"
chmod 600 "$T/netrc"
PUT_AUTH='backup:bench-Pa55' python3 tests/support/put_server.py "$T/site" "$T/site.port" 2>"$T/site.log" &
SITE_PID=$!
i=0
until [ -s "$T/site.port" ]; do i=$((i + 1)); [ $i -lt 100 ] || die "the other site did not start"; sleep 0.1; done
H="http://127.0.0.1:$(cat "$T/site.port")"
"$ITBCP" backup --new-key "$T/backup.key" >/dev/null 2>&1 || die "backup --new-key"

# 2. One backup, as serve takes them.
t0=$(ms)
"$ITBCP" --db "$A" backup --to "$H/bk/" --netrc "$T/netrc" --key "$T/backup.key" --json >"$T/backup.json" ||
	die "backup to the other site"
t1=$(ms)
backup_ms=$((t1 - t0))
name=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d.get("file") or d.get("name") or "")' "$T/backup.json")
[ -n "$name" ] || name=$(ls "$T/site/bk" | tail -n 1)
copy_size=$(stat -c %s "$T/site/bk/$(basename "$name")")

# 3. The disaster.
rm -rf "$T/agency"

# 4. Recovery on a clean directory.
mkdir -p "$T/recovered"
R="$T/recovered/itbcp.db"
r0=$(ms)
newest=$(ls "$T/site/bk" | sort | tail -n 1) # what an operator sees in the site's listing
curl -s --netrc-file "$T/netrc" -o "$T/recovered/copy.itbcp-backup" "$H/bk/$newest" || die "fetch"
r1=$(ms)
"$ITBCP" --db "$R" restore "$T/recovered/copy.itbcp-backup" --key "$T/backup.key" >/dev/null || die "restore"
r2=$(ms)
start_itbcp "$R"
r3=$(ms)
"$ITBCP" --db "$R" export >"$T/plan.after.json"
"$ITBCP" --db "$R" incident show 1 --json >"$T/incident.json"
r4=$(ms)
cmp -s "$T/plan.before.json" "$T/plan.after.json" || die "the restored plan does not export identically"
answered=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["checkins"]["answered"])' "$T/incident.json" 2>/dev/null || echo "?")

echo "itbcp recovery (issue 17 item 3) — $(uname -m), $(nproc) CPUs; $ITBCP"
echo "database: $size bytes; plan of $PEOPLE people; incident 1 open, $answered check-ins answered"
echo "backup to the other site (made, verified, encrypted, sent, read back): ${backup_ms} ms, copy $copy_size bytes"
echo "recovery point: at most the interval (${INTERVAL} min with serve --backup-every ${INTERVAL}) + ${backup_ms} ms"
echo "recovery time, from the copy at the other site to serving:"
echo "  fetch the newest copy: $((r1 - r0)) ms"
echo "  itbcp restore (verify, decrypt, integrity, chains, rename): $((r2 - r1)) ms"
echo "  itbcp serve until it answers: $((r3 - r2)) ms"
echo "  plan exported identical, incident read: $((r4 - r3)) ms"
echo "  total: $((r4 - r0)) ms"
