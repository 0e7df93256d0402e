# itbcp.sh — the server under measurement, for the benchmarks (sourced by
# bench/web.sh and bench/checkin.sh).  Needs $T (the benchmark's temporary
# directory), $ITBCP (the binary) and die(); ITBCP_PID is stopped by the
# caller's cleanup.
#
# start_itbcp DB [ARGS…]: `itbcp serve` on DB on a free loopback port,
# with ARGS added; waits until it listens (10 s at most) and sets
# ITBCP_PID and U (its base URL).  Its output goes to $T/serve.out and
# $T/serve.err, or $T/NAME.out and .err with SERVE_NAME=NAME (for a bench
# that runs several servers).  Every client of a benchmark is
# 127.0.0.1, so the per-address connection limit (256 by default, issue
# 15) is raised to the whole server's (4,096): wrk's 256 connections and
# the board readers beside them are one "address" here, thousands of
# phones in life.
start_itbcp() {
	db=$1
	shift
	so="$T/${SERVE_NAME:-serve}"
	"$ITBCP" --db "$db" serve --listen 127.0.0.1:0 --max-per-address 4096 "$@" \
		>"$so.out" 2>"$so.err" &
	ITBCP_PID=$!
	i=0
	until grep -q "listening on" "$so.out" 2>/dev/null; do
		i=$((i + 1))
		[ $i -lt 100 ] || { cat "$so.err" >&2; die "itbcp serve did not start"; }
		kill -0 "$ITBCP_PID" 2>/dev/null || { cat "$so.err" >&2; die "itbcp serve exited"; }
		sleep 0.1
	done
	U=$(sed -n 's|.*listening on \(http://127.0.0.1:[0-9]*\)/.*|\1|p' "$so.out")
	[ -n "$U" ] || die "no address in: $(cat "$so.out")"
}

# sign_in NAME PASSWORD JAR [TOTP_SECRET_FILE]: signs in with curl (and the
# code of the secret file when the account has a second factor); prints
# the session cookie's value.
sign_in() {
	curl -s -c "$3" -b "$3" "$U/login" >"$T/login.html"
	csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$T/login.html" | head -n 1)
	code=$(curl -s -o /dev/null -w '%{http_code}' -c "$3" -b "$3" --data-urlencode "csrf=$csrf" \
		--data-urlencode "name=$1" --data-urlencode "password=$2" "$U/login")
	[ "$code" = 303 ] || die "sign-in of $1 answered $code, not 303"
	# An account with a second factor (an admin): the code of the secret
	# file $4 (RFC 6238, python3's hmac) at /login/code.
	if [ -n "${4:-}" ] && awk '$6 == "itbcp_pending" && $7 != "" { f = 1 } END { exit !f }' "$3"; then
		otp=$(python3 -c 'import base64, hashlib, hmac, struct, sys, time
k = base64.b32decode(open(sys.argv[1]).read().strip())
h = hmac.new(k, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
o = h[-1] & 15
print("%06d" % ((struct.unpack(">I", h[o:o + 4])[0] & 0x7fffffff) % 1000000))' "$4")
		code=$(curl -s -o /dev/null -w '%{http_code}' -c "$3" -b "$3" --data-urlencode "csrf=$csrf" \
			--data-urlencode "code=$otp" "$U/login/code")
		[ "$code" = 303 ] || die "the code step of $1 answered $code, not 303"
	fi
	awk '$6 == "itbcp_session" { print $7 }' "$3"
}
