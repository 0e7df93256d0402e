# web_behind_proxy.sh — itbcp behind nginx ending TLS, with the
# configuration the README gives (deploy/nginx/itbcp.conf), as it stands
# apart from ports and the certificate (issue 15, item 10): over HTTPS the
# session cookie is Secure and answers carry HSTS; the client's address
# is the one nginx saw; the forwarded headers are believed from the
# trusted proxy only, never from a client reaching itbcp directly; plain
# HTTP to nginx is sent to HTTPS.  And a session ends after two hours
# without a request, as well as 12 hours after sign-in.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/web_lib.sh"
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || fail "nginx is missing (scripts/deps.sh installs nginx-light)"
command -v openssl >/dev/null || fail "openssl is missing (scripts/deps.sh installs it)"

# A bad --trusted-proxy is refused before anything starts.
demo_db d.db
if $ITBCP --db d.db serve --trusted-proxy proxy.example >out 2>err; then fail "--trusted-proxy with a host name accepted"; fi
expect_contains err "--trusted-proxy proxy.example" "the option is named"
# A planner named admin: the test is about the proxy, and an admin would
# first be sent to set up a second factor (README, Security).
printf 'admin-pass-proxy-1\n' | $ITBCP --db d.db user add admin --role planner --password-stdin >/dev/null

serve_start --access-log --trusted-proxy 127.0.0.1
IPORT=${U##*:}

# A certificate for localhost, and nginx with the README's server blocks.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
	-addext subjectAltName=DNS:localhost -keyout key.pem -out cert.pem 2>openssl.err ||
	{ cat openssl.err; fail "openssl req"; }
chmod 711 "$T" # nginx's workers run unprivileged: they cross $T to their temporary files
mkdir -p ngx
NPID=""
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; [ -n "$NPID" ] && kill "$NPID" 2>/dev/null; rm -rf "$T"' EXIT
tries=0
while :; do
	tries=$((tries + 1))
	[ $tries -le 10 ] || fail "nginx did not start"
	# (below 32768: the kernel's ephemeral ports, every client's, start there)
	HP=$(($(od -An -N2 -tu2 /dev/urandom) % 12000 + 20000))
	SP=$((HP + 1))
	sed -e "s|^\tlisten 80;|\tlisten 127.0.0.1:$HP;|" -e "s|^\tlisten 443 ssl;|\tlisten 127.0.0.1:$SP ssl;|" \
		-e '/listen \[::\]/d' \
		-e "s|/etc/ssl/certs/itbcp.pem|$T/cert.pem|" -e "s|/etc/ssl/private/itbcp.key|$T/key.pem|" \
		-e "s|proxy_pass http://127.0.0.1:8080;|proxy_pass http://127.0.0.1:$IPORT;|" \
		"$TESTS_DIR/../deploy/nginx/itbcp.conf" >ngx/itbcp.conf
	grep -q "127.0.0.1:$SP ssl" ngx/itbcp.conf && grep -q "127.0.0.1:$IPORT;" ngx/itbcp.conf ||
		fail "the configuration's listen or proxy_pass lines changed: adapt this test"
	cat >ngx/nginx.conf <<NGX
pid $T/ngx/nginx.pid;
error_log $T/ngx/error.log;
events { worker_connections 256; }
http {
	access_log off;
	client_body_temp_path $T/ngx/body;
	proxy_temp_path $T/ngx/proxy;
	fastcgi_temp_path $T/ngx/fastcgi;
	uwsgi_temp_path $T/ngx/uwsgi;
	scgi_temp_path $T/ngx/scgi;
	include $T/ngx/itbcp.conf;
}
NGX
	"$NGINX" -e "$T/ngx/error.log" -p "$T/ngx" -c "$T/ngx/nginx.conf" -g 'daemon off;' 2>>ngx/error.log &
	NPID=$!
	i=0
	c=000
	while [ $i -lt 50 ]; do
		c=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$HP/login" || true)
		[ "$c" = 000 ] || break
		kill -0 "$NPID" 2>/dev/null || break
		sleep 0.1
		i=$((i + 1))
	done
	[ "$c" != 000 ] && break
	# (nginx may have exited already: a port taken by another test's
	# client; under set -e a failed kill ended the test without a word)
	kill "$NPID" 2>/dev/null || true
	wait "$NPID" 2>/dev/null || true
	NPID=""
done
S="https://localhost:$SP"
tls() { curl -sS --cacert cert.pem --resolve "localhost:$SP:127.0.0.1" "$@"; }

# Plain HTTP to nginx: sent to HTTPS.
expect_eq "$c" 301 "plain HTTP to nginx"
curl -s -D http.h -o /dev/null "http://127.0.0.1:$HP/login"
grep -qi '^location: https://' http.h || { cat http.h; fail "the redirect does not lead to https"; }

# Over HTTPS: HSTS, and the session cookie is Secure.
tls -D login.h -c jar -b jar -o login.html "$S/login" || fail "GET /login over TLS"
grep -qi '^strict-transport-security: max-age=31536000' login.h || { cat login.h; fail "no HSTS over HTTPS"; }
st=$(tls -D in.h -o /dev/null -w '%{http_code}' -c jar -b jar --data-urlencode "csrf=$(csrf_of login.html)" \
	--data-urlencode name=admin --data-urlencode password=admin-pass-proxy-1 "$S/login")
expect_eq "$st" 303 "sign-in over HTTPS"
grep -i '^set-cookie: itbcp_session=' in.h | grep -qi '; secure' || { cat in.h; fail "the session cookie is not Secure over HTTPS"; }
expect_eq "$(tls -o /dev/null -w '%{http_code}' -b jar "$S/")" 200 "the dashboard over HTTPS with the Secure cookie"

# Idle sessions end: one last used 119 minutes ago still works (and is
# marked used now), one last used 121 minutes ago sends to sign-in.
ago() { sqlite3 d.db "UPDATE sessions SET last_seen = strftime('%s','now') - $1 * 60"; }
ago 119
expect_eq "$(tls -o /dev/null -w '%{http_code}' -b jar "$S/")" 200 "a session idle for 119 minutes"
expect_eq "$(sqlite3 d.db "SELECT strftime('%s','now') - last_seen < 60 FROM sessions")" 1 "the session marked used"
ago 121
expect_eq "$(tls -o /dev/null -w '%{http_code}' -b jar "$S/")" 303 "a session idle for 121 minutes"
tls -c jar -b jar -o login.html "$S/login"
st=$(tls -o /dev/null -w '%{http_code}' -c jar -b jar --data-urlencode "csrf=$(csrf_of login.html)" \
	--data-urlencode name=admin --data-urlencode password=admin-pass-proxy-1 "$S/login")
expect_eq "$st" 303 "signing in again"

# The client's own X-Forwarded-For is not believed: nginx appends the
# address it saw (127.0.0.2 here) and itbcp takes that one.
tls --interface 127.0.0.2 -o /dev/null -H 'X-Forwarded-For: 203.0.113.9' "$S/probe-through-proxy"

# Reaching itbcp directly, not through the proxy: the forwarded headers
# are someone's word, not the proxy's — no HSTS, no Secure cookie, and the
# log names the real peer.
d() { curl -sS --interface 127.0.0.3 -H 'X-Forwarded-Proto: https' -H 'X-Forwarded-For: 198.51.100.7' "$@"; }
d -o /dev/null "$U/probe-direct"
d -D direct.h -c djar -b djar -o direct.html "$U/login"
grep -qi '^strict-transport-security' direct.h && fail "HSTS claimed by a client that is not the proxy"
st=$(d -D d2.h -o /dev/null -w '%{http_code}' -c djar -b djar --data-urlencode "csrf=$(csrf_of direct.html)" \
	--data-urlencode name=admin --data-urlencode password=admin-pass-proxy-1 "$U/login")
expect_eq "$st" 303 "a direct sign-in"
grep -i '^set-cookie: itbcp_session=' d2.h | grep -qi '; secure' && fail "a Secure cookie for a client that only claimed HTTPS"
serve_stop
kill "$NPID" 2>/dev/null || true
wait "$NPID" 2>/dev/null || true
NPID=""

expect_eq "$(grep -c '^127.0.0.2 GET /probe-through-proxy 404 ' serve.err)" 1 "the client nginx saw is logged"
grep -q '203.0.113.9' serve.err && fail "a client's own X-Forwarded-For was believed"
expect_eq "$(grep -c '^127.0.0.3 GET /probe-direct 404 ' serve.err)" 1 "a direct client is logged by its own address"
grep -q '198.51.100.7' serve.err && fail "X-Forwarded-For from a client that is not the proxy was believed"
echo ok
