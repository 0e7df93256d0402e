# deliver_lib.sh — the servers of the delivery tests (sourced after
# lib.sh): the SMTP server tests/support/smtpd.py (Debian's
# python3-aiosmtpd) and the webhook listener tests/support/webhookd.py,
# each on a loopback port the kernel picks, stopped when the test exits.
PY=/usr/bin/python3 # Debian's, which has aiosmtpd (not a pyenv one on PATH)
$PY -c 'import aiosmtpd' 2>/dev/null || fail "python3-aiosmtpd is missing (scripts/deps.sh installs it)"
SMTPD_PID="" HOOKD_PID=""
trap '[ -n "$SMTPD_PID" ] && kill "$SMTPD_PID" 2>/dev/null; [ -n "$HOOKD_PID" ] && kill "$HOOKD_PID" 2>/dev/null; rm -rf "$T"' EXIT

# wait_port DIR PID: waits until the server of PID wrote DIR/port (10 s).
wait_port() {
	i=0
	until [ -s "$1/port" ]; do
		i=$((i + 1))
		[ $i -lt 100 ] || { cat "$1.log"; fail "server in $1 did not start"; }
		kill -0 "$2" 2>/dev/null || { cat "$1.log"; fail "server in $1 exited"; }
		sleep 0.1
	done
}

# smtpd_start DIR [OPTIONS]: the SMTP server keeping what it accepts in
# DIR/mail; SMTP_URL its address.
smtpd_start() {
	d=$1
	shift
	rm -rf "$d"
	mkdir -p "$d"
	$PY "$TESTS_DIR/support/smtpd.py" "$d" "$@" >"$d.log" 2>&1 &
	SMTPD_PID=$!
	wait_port "$d" "$SMTPD_PID"
	SMTP_URL="smtp://127.0.0.1:$(cat "$d/port")"
}

smtpd_stop() {
	kill "$SMTPD_PID" 2>/dev/null || true
	wait "$SMTPD_PID" 2>/dev/null || true
	SMTPD_PID=""
}

# hookd_start DIR: the webhook listener keeping each POST in DIR/hook;
# HOOK_URL its address.
hookd_start() {
	rm -rf "$1"
	mkdir -p "$1"
	$PY "$TESTS_DIR/support/webhookd.py" "$1" >"$1.log" 2>&1 &
	HOOKD_PID=$!
	wait_port "$1" "$HOOKD_PID"
	HOOK_URL="http://127.0.0.1:$(cat "$1/port")"
}
