# web_lib.sh — starting `itbcp serve` for a black-box test and signing in
# with curl (sourced after lib.sh).  The server listens on a free loopback
# port; $PID is its process, $U its base URL; it is stopped when the test
# exits, whatever happened.
command -v curl >/dev/null || fail "curl is missing (scripts/deps.sh installs it)"

PID=""
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$T"' EXIT

# serve_start [ARGS…]: starts the server on d.db (or $SERVE_DB) with ARGS
# added and waits until it listens (10 s at most).
serve_start() {
	$ITBCP --db "${SERVE_DB:-d.db}" serve --listen 127.0.0.1:0 "$@" >serve.out 2>serve.err &
	PID=$!
	i=0
	until grep -q "listening on" serve.out 2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 100 ] || { cat serve.err; fail "server did not start"; }
		kill -0 "$PID" 2>/dev/null || { cat serve.err; fail "server exited"; }
		sleep 0.1
	done
	U=$(sed -n 's|.*listening on \(http://127.0.0.1:[0-9]*\)/.*|\1|p' serve.out)
}

# serve_stop: stops the server with SIGTERM and fails unless it exits
# with status 0 (what it wrote on stderr last is shown).
serve_stop() {
	kill -TERM "$PID"
	set +e
	wait "$PID"
	st=$?
	set -e
	PID=""
	[ "$st" = 0 ] || { tail -n 30 serve.err; fail "server exit status after SIGTERM: expected 0, got $st"; }
}

# wait_log N PATTERN SECONDS WHAT: waits until the server's stderr holds N
# lines matching PATTERN (grep), SECONDS at most; fails saying WHAT.
wait_log() {
	i=0
	until [ "$(grep -c -- "$2" serve.err)" -ge "$1" ]; do
		i=$((i + 1))
		[ $i -lt $(($3 * 10)) ] || { cat serve.err; fail "$4"; }
		sleep 0.1
	done
}

# csrf_of FILE: the CSRF token of the first form in the page FILE.
csrf_of() { sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$1" | head -n 1; }

# totp_code: the next code of $TOTP_SECRET_FILE (python3's hmac, RFC
# 6238: HMAC-SHA1, 6 digits, 30 s).  The server refuses a step already
# used, so each call takes the step after the last one this test used
# (.totp_last), and waits for the clock only when that is over a step
# ahead of it (a third sign-in within 30 s).
totp_code() {
	now=$(date +%s)
	step=$((now / 30))
	last=$(cat .totp_last 2>/dev/null || echo 0)
	[ "$step" -gt "$last" ] || step=$((last + 1))
	while [ "$step" -gt $(($(date +%s) / 30 + 1)) ]; do sleep 1; done
	echo "$step" >.totp_last
	python3 -c 'import base64, hashlib, hmac, struct, sys
k = base64.b32decode(open(sys.argv[1]).read().strip())
h = hmac.new(k, struct.pack(">Q", int(sys.argv[2])), hashlib.sha1).digest()
o = h[-1] & 15
print("%06d" % ((struct.unpack(">I", h[o:o + 4])[0] & 0x7fffffff) % 1000000))' "$TOTP_SECRET_FILE" "$step"
}

# login JAR NAME PASSWORD: signs in with the cookie jar JAR; prints the
# HTTP status (303 when it worked).  An account with a second factor is
# sent to /login/code: the code of $TOTP_SECRET_FILE is given there.
login() {
	curl -s -c "$1" -b "$1" "$U/login" >login.html
	st=$(curl -s -o /dev/null -D login.hdr -w '%{http_code}' -c "$1" -b "$1" \
		--data-urlencode "csrf=$(csrf_of login.html)" \
		--data-urlencode "name=$2" --data-urlencode "password=$3" "$U/login")
	if [ "$st" = 303 ] && grep -qi '^location: /login/code' login.hdr; then
		st=$(curl -s -o /dev/null -w '%{http_code}' -c "$1" -b "$1" \
			--data-urlencode "csrf=$(csrf_of login.html)" --data-urlencode "code=$(totp_code)" \
			"$U/login/code")
	fi
	echo "$st"
}
