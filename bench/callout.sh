#!/bin/sh
# bench/callout.sh — from a JMA report file landing to every called
# person's mail accepted by the local SMTP server (issue 14): the time to
# the first and to the last message, for 2,000 and for 100,000 people
# (doc/performance.md; the goal: 2,000 in under 2 s, 100,000 in under 60 s).
#
# Loopback only.  For each size: a generated plan (`itbcp test-generate
# --people N`; every person has a work address) whose automatic criterion
# (震度6弱以上, 東京都) also asks every other staff member if safe
# (ask_everyone: the all-staff safety confirmation), so the report calls
# everyone; delivery set up against bench/smtp_sink.py (aiosmtpd, as the
# tests use, counting what it accepts and when, keeping nothing); `itbcp
# serve` started and idle (its sender, deliver_parallel connections,
# default 4).  Then the clock starts, `itbcp jma ingest` reads a 震度速報
# of 6弱 in 東京都 (the report, the incident and the call-out committed in
# one transaction), and the server's own clock says when it accepted the
# first and the last message.  After each size, the same SMTP server is
# fed by the least client there can be (bench/smtp_sink.py blast: the same
# number of connections and message size, up to BLAST messages): the
# server's rate in the same run with the least client there is (a floor of
# its ceiling: that client is Python and takes CPU too).
#
# Prints per size: people, messages, the ingest's time, the first and the
# last message after the file landed, messages/s, the CPU time of itbcp
# (serve and the ingest) and of the SMTP server, and the blast's rate.
# Timings only: it never passes or fails on a figure (exit 1 only when it
# cannot measure).
#
#   bench/callout.sh                    # 2,000 and 100,000: ~5 minutes here
#   SIZES=2000 bench/callout.sh
#   ITBCP=build-x/itbcp PARALLEL=8 bench/callout.sh
set -eu
cd "$(dirname "$0")/.."

ITBCP=${ITBCP:-$PWD/build/itbcp}
SIZES=${SIZES:-2000 100000}
PARALLEL=${PARALLEL:-4}
BLAST=${BLAST:-10000}
PY=/usr/bin/python3 # Debian's, which has aiosmtpd
SINK=$PWD/bench/smtp_sink.py

die() {
	echo "bench/callout.sh: $*" >&2
	exit 1
}
command -v jq >/dev/null || die "jq is missing (apt-get install jq)"
command -v sqlite3 >/dev/null || die "sqlite3 is missing (apt-get install sqlite3)"
$PY -c 'import aiosmtpd' 2>/dev/null || die "python3-aiosmtpd is missing (scripts/deps.sh)"
[ -x "$ITBCP" ] || die "$ITBCP is missing (make, for the release build)"
ITBCP=$(realpath "$ITBCP")

T=$(mktemp -d)
ITBCP_PID=""
SINK_PID=""
cleanup() {
	[ -z "$ITBCP_PID" ] || kill "$ITBCP_PID" 2>/dev/null || true
	[ -z "$SINK_PID" ] || kill "$SINK_PID" 2>/dev/null || true
	[ -z "$ITBCP_PID" ] || wait "$ITBCP_PID" 2>/dev/null || true
	[ -z "$SINK_PID" ] || wait "$SINK_PID" 2>/dev/null || true
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
. bench/itbcp.sh

# cpu PID: seconds of CPU (user + system) the process has used.
cpu() { awk '{ printf "%.2f", ($14 + $15) / 100 }' "/proc/$1/stat"; }
# now: the wall clock, seconds since the epoch (as the SMTP server's).
now() { date +%s.%N; }
# sub A B: A - B, three decimals.
sub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a - b }'; }

cat >"$T/quake.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<Report xmlns="http://xml.kishou.go.jp/jmaxml1/">
  <Control><Title>震度速報</Title><Status>通常</Status></Control>
  <Head xmlns="http://xml.kishou.go.jp/jmaxml1/informationBasis1/"><Title>震度速報</Title>
    <TargetDateTime>2026-01-18T01:00:00+09:00</TargetDateTime><EventID>20260118010000</EventID>
    <InfoType>発表</InfoType><Serial>1</Serial></Head>
  <Body xmlns="http://xml.kishou.go.jp/jmaxml1/body/seismology1/"><Intensity><Observation>
    <MaxInt>6-</MaxInt><Pref><Name>東京都</Name><MaxInt>6-</MaxInt>
    <Area><Name>東京都２３区</Name><MaxInt>6-</MaxInt></Area></Pref></Observation></Intensity></Body>
</Report>
XML

echo "bench/callout.sh: a JMA report file to every called person's mail at the SMTP server"
echo "  machine: $(nproc) CPUs ($(sed -n 's/^model name\t*: //p' /proc/cpuinfo | head -n 1)), $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg); $("$ITBCP" version 2>/dev/null | head -n 1); aiosmtpd $($PY -c 'import aiosmtpd; print(aiosmtpd.__version__)'), $PARALLEL connections"
for N in $SIZES; do
	D=$T/$N
	mkdir -p "$D/sink"
	"$ITBCP" test-generate --systems 20 --people "$N" --businesses 10 -o "$D/gen.json" >/dev/null
	jq '(.assembly_criteria[] | select(.id == "ac-disaster-auto")) |= (.ask_everyone = true)' \
		"$D/gen.json" >"$D/plan.json"
	rm "$D/gen.json"
	"$ITBCP" --db "$D/d.db" init >/dev/null
	"$ITBCP" --db "$D/d.db" import "$D/plan.json" >/dev/null || die "import of $N people"
	$PY "$SINK" serve "$D/sink" >"$D/sink.log" 2>&1 &
	SINK_PID=$!
	i=0
	until [ -s "$D/sink/port" ]; do
		i=$((i + 1))
		[ $i -lt 100 ] || { cat "$D/sink.log" >&2; die "the SMTP server did not start"; }
		sleep 0.1
	done
	port=$(cat "$D/sink/port")
	"$ITBCP" --db "$D/d.db" deliver set public_url https://bcp.example.go.jp >/dev/null
	"$ITBCP" --db "$D/d.db" deliver set smtp_url "smtp://127.0.0.1:$port" >/dev/null
	"$ITBCP" --db "$D/d.db" deliver set smtp_from bcp@example.go.jp >/dev/null
	"$ITBCP" --db "$D/d.db" deliver set deliver_parallel "$PARALLEL" >/dev/null
	start_itbcp "$D/d.db"
	sleep 1 # the sender idle, as it waits in life
	serve_cpu0=$(cpu "$ITBCP_PID")
	sink_cpu0=$(cpu "$SINK_PID")

	t0=$(now)
	/usr/bin/time -f "%U %S" -o "$D/ingest.cpu" "$ITBCP" --db "$D/d.db" jma ingest "$T/quake.xml" \
		--json >"$D/ingest.json" || die "jma ingest"
	t1=$(now)
	[ "$(jq -r '.[0].incident' "$D/ingest.json")" = 1 ] || die "the report started no incident: $(cat "$D/ingest.json")"
	msgs=$(sqlite3 "$D/d.db" "SELECT count(*) FROM outbox")
	size=$(sqlite3 "$D/d.db" "SELECT CAST(avg(length(CAST(body AS BLOB))) * 4 / 3 + 700 AS INTEGER) FROM outbox")
	# Until the server has every message, or nothing more came for 60 s.
	last_n=0
	still=0
	while :; do
		n=$(cut -d' ' -f1 "$D/sink/stats" 2>/dev/null || echo 0)
		[ "$n" -lt "$msgs" ] || break
		if [ "$n" = "$last_n" ]; then still=$((still + 1)); else still=0; fi
		[ $still -lt 600 ] || die "$n of $msgs messages arrived, then nothing for 60 s"
		last_n=$n
		sleep 0.1
	done
	read -r n first last <"$D/sink/stats"
	serve_cpu=$(sub "$(cpu "$ITBCP_PID")" "$serve_cpu0")
	sink_cpu=$(sub "$(cpu "$SINK_PID")" "$sink_cpu0")
	ingest_cpu=$(awk '{ printf "%.2f", $1 + $2 }' "$D/ingest.cpu")
	kill "$ITBCP_PID"
	wait "$ITBCP_PID" || die "itbcp serve did not stop cleanly"
	ITBCP_PID=""
	sent=$(sqlite3 "$D/d.db" "SELECT count(*) FROM outbox WHERE state = 'sent'")
	blast=$msgs
	[ "$blast" -le "$BLAST" ] || blast=$BLAST
	ceiling=$($PY "$SINK" blast "$port" "$blast" "$PARALLEL" "$size")
	kill "$SINK_PID"
	wait "$SINK_PID" 2>/dev/null || true
	SINK_PID=""
	echo "  $N people: $msgs mails ($size bytes each), $n accepted, $sent marked sent"
	echo "    report file → incident and call-out committed (jma ingest): $(sub "$t1" "$t0") s, CPU $ingest_cpu s"
	echo "    file → first mail accepted: $(sub "$first" "$t0") s; → last: $(sub "$last" "$t0") s" \
		"($(awk -v m="$msgs" -v a="$first" -v b="$last" 'BEGIN { printf "%.0f", (b > a) ? m / (b - a) : 0 }')/s from first to last)"
	echo "    CPU: itbcp serve $serve_cpu s ($(awk -v c="$serve_cpu" -v m="$msgs" 'BEGIN { printf "%.0f", c / m * 1e6 }') µs a mail), SMTP server $sink_cpu s"
	echo "    the SMTP server alone, fed by a minimal client (blast, $PARALLEL connections): $ceiling"
	rm -rf "$D"
done
echo "  machine at the end: load $(cut -d' ' -f1-3 /proc/loadavg)"
