#!/bin/sh
# bench/web.sh — how fast `itbcp serve` answers, beside nginx in the same run.
#
# Measures with wrk (-t2 -c64 -d10s --latency, loopback only) five targets:
#   nginx      a static 2 KB page from nginx (the yardstick of
#              doc/performance.md), started here on a loopback port
#              with a temporary config, stopped after;
#   login      GET /login of the release build (build/itbcp) on a fresh demo
#              database;
#   dashboard  GET / with a valid session (signed in with curl first, the
#              cookie passed to wrk with -H);
#   plan       GET /plan/systems, a plan page: the systems list with each
#              system's RTO and tier derived (R1, R2), same session;
#   asset      GET /assets/app.css?v=… (compiled in, cacheable).
# Each target runs RUNS times (default 3), interleaved so drift hits all
# alike; it prints every run, then the median req/s, the median p99
# latency, and the ratio of the median req/s to nginx's.
# Then every page (issue 16 item 16; PAGES=0 leaves it out): the
# dashboard, the plan's index, every list page /plan/KIND (the second page
# and a search of the longest, the same search again and again and, as
# "?q=NEW", a search no thread has kept on every request: bench/search.lua),
# the views, versions, documents, incidents
# and the admin's pages, each once for PAGES_DURATION (default 3s), with
# nginx measured again before and after the walk; each page's req/s ÷ the
# median nginx of the whole run, and the pages under 0.2× named.  It also checks
# keep-alive: whether each target's answers carry "Connection: close" and
# whether curl can reuse the connection for a second request.  Last, the
# weight of every main page as served (bytes on the wire; the server does
# not compress, the gzip size is printed for comparison) and the heaviest.
# Timings only:
# it never passes or fails on a figure (exit 1 only when it cannot measure).
#
#   bench/web.sh                 # ~2½ minutes
#   RUNS=1 DURATION=3s bench/web.sh
#   ITBCP=build-x/itbcp bench/web.sh
#   SYSTEMS=500 bench/web.sh     # a generated plan of 500 systems, 2,000
#                                # people, 300 businesses instead of the demo
#   PAGES_DURATION=5s bench/web.sh  # every page longer (PAGES=0: not at all)
#   PAGES_ONLY="/ /plan/people?q=0" bench/web.sh  # only these pages in the walk
#   PAGES_ONLY="/plan/people?q=NEW" bench/web.sh  # a new search every request
set -eu
cd "$(dirname "$0")/.."

ITBCP=${ITBCP:-$PWD/build/itbcp}
RUNS=${RUNS:-3}
DURATION=${DURATION:-10s}
THREADS=${WRK_THREADS:-2}
CONNS=${WRK_CONNS:-64}
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
SYSTEMS=${SYSTEMS:-0} # 0: the demo plan
PAGES=${PAGES:-1}
PAGES_DURATION=${PAGES_DURATION:-3s}

die() {
	echo "bench/web.sh: $*" >&2
	exit 1
}
command -v wrk >/dev/null || die "wrk is missing (apt-get install wrk)"
[ -x "$NGINX" ] || die "nginx is missing (apt-get install nginx-light)"
command -v curl >/dev/null || die "curl is missing (apt-get install curl)"
[ -x "$ITBCP" ] || die "$ITBCP is missing (make, for the release build)"

T=$(mktemp -d)
ITBCP_PID=""
NGINX_PID=""
cleanup() {
	[ -z "$ITBCP_PID" ] || kill "$ITBCP_PID" 2>/dev/null || true
	[ -z "$NGINX_PID" ] || kill "$NGINX_PID" 2>/dev/null || true
	[ -z "$ITBCP_PID" ] || wait "$ITBCP_PID" 2>/dev/null || true
	[ -z "$NGINX_PID" ] || wait "$NGINX_PID" 2>/dev/null || true
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- nginx: a static 2 KB page on a loopback port --------------------------
. bench/nginx.sh
start_nginx
NGINX_URL="http://127.0.0.1:$NGINX_PORT/"

# ---- itbcp: a fresh demo database, one signed-in user ----------------------
"$ITBCP" --db "$T/bench.db" init --demo >/dev/null
if [ "$SYSTEMS" -gt 0 ]; then
	# the generated plan keeps the demo's elements (メールシステム …) and adds to them
	"$ITBCP" test-generate --systems "$SYSTEMS" --people $((SYSTEMS * 4)) \
		--businesses $((SYSTEMS * 3 / 5)) -o "$T/plan.json"
	"$ITBCP" --db "$T/bench.db" import "$T/plan.json" >/dev/null
fi
echo 'bench-pass-12345' | "$ITBCP" --db "$T/bench.db" user add bench --role viewer --password-stdin >/dev/null
# an admin too, only to weigh the pages a viewer may not open
# (admins have a second factor: the tests' secret)
echo 'bench-admin-pass-12345' | "$ITBCP" --db "$T/bench.db" user add benchadmin --role admin \
	--totp-secret-file tests/totp-test.secret --password-stdin >/dev/null
. bench/itbcp.sh
start_itbcp "$T/bench.db"
SESSION=$(sign_in bench bench-pass-12345 "$T/jar")
[ -n "$SESSION" ] || die "no session cookie after sign-in"
ADMIN_SESSION=$(sign_in benchadmin bench-admin-pass-12345 "$T/ajar" tests/totp-test.secret)
[ -n "$ADMIN_SESSION" ] || die "no admin session cookie after sign-in"
COOKIE="itbcp_session=$SESSION"
curl -s -H "Cookie: $COOKIE" "$U/" >"$T/dash.html"
grep -q "メールシステム" "$T/dash.html" || die "the dashboard with the session does not list the demo systems"
CSS=$(sed -n 's/.*href="\(\/assets\/app\.css?v=[0-9a-f]*\)".*/\1/p' "$T/dash.html" | head -n 1)
[ -n "$CSS" ] || die "no stylesheet link on the dashboard"

# Every target must answer 200 before it is measured (a redirect to the
# sign-in page would be measured as a fast dashboard).
for t in "$NGINX_URL" "$U/login" "$U$CSS"; do
	c=$(curl -s -o /dev/null -w '%{http_code}' "$t")
	[ "$c" = 200 ] || die "$t answered $c"
done
for t in / /plan/systems; do
	c=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $COOKIE" "$U$t")
	[ "$c" = 200 ] || die "$U$t with the session answered $c"
done
curl -s -H "Cookie: $COOKIE" "$U/plan/systems" | grep -q "メールシステム" ||
	die "/plan/systems does not list the demo systems"

# ---- measuring ---------------------------------------------------------------
# run NAME URL [wrk args…]: one wrk run ($RUN_DURATION, else $DURATION);
# appends "NAME req/s p99ms non2xx errors" to $T/results.
run() {
	name=$1 url=$2
	shift 2
	timeout 120 wrk -t"$THREADS" -c"$CONNS" -d"${RUN_DURATION:-$DURATION}" --timeout 5s --latency "$@" "$url" \
		>"$T/wrk.out" 2>&1 || { cat "$T/wrk.out" >&2; die "wrk failed on $name"; }
	awk -v name="$name" '
		/^Requests\/sec:/ { rps = $2 }
		$1 == "99%" {
			v = $2; unit = v; sub(/[0-9.]+/, "", unit); sub(/[a-z]+$/, "", v)
			p99 = unit == "us" ? v / 1000 : unit == "s" ? v * 1000 : unit == "m" ? v * 60000 : v
		}
		/Non-2xx or 3xx responses:/ { non2xx = $NF }
		/Socket errors:/ { gsub(/,/, ""); errors = $4 + $6 + $8 + $10 }
		END { printf "%s %.0f %.2f %d %d\n", name, rps, p99, non2xx, errors }
	' "$T/wrk.out" >>"$T/results"
	tail -n 1 "$T/results" | awk '{ printf "  %-10s %9s req/s  p99 %7s ms  non-2xx %s  socket errors %s\n", $1, $2, $3, $4, $5 }'
}

echo "bench/web.sh: wrk -t$THREADS -c$CONNS -d$DURATION --latency, $RUNS runs, loopback"
echo "  machine: $(nproc) CPUs, $(uname -r); $("$NGINX" -v 2>&1 | sed 's/.*: //'); $($ITBCP version 2>/dev/null | head -n 1)"
echo "  itbcp: $ITBCP at $U; nginx on 127.0.0.1:$NGINX_PORT ($(wc -c <"$T/www/index.html") byte page)"
echo "  plan: $([ "$SYSTEMS" -gt 0 ] && echo "generated, $SYSTEMS systems" || echo "the demo")"
: >"$T/results"
r=1
while [ $r -le "$RUNS" ]; do
	echo "run $r of $RUNS"
	run nginx "$NGINX_URL"
	run login "$U/login"
	run dashboard "$U/" -H "Cookie: $COOKIE"
	run plan "$U/plan/systems" -H "Cookie: $COOKIE"
	run asset "$U$CSS"
	r=$((r + 1))
done

# ---- every page ----------------------------------------------------------------
# Each page as the viewer sees it (the admin's own pages as the admin); a
# page that does not answer 200 is named and left out.  nginx runs before
# and after the walk, so its median covers the time the pages ran in.
if [ "$PAGES" != 0 ]; then
	curl -s -H "Cookie: $COOKIE" "$U/plan" >"$T/plan.html"
	KINDS=$(grep -o 'href="/plan/[a-z_]*"' "$T/plan.html" | sed 's/href="//; s/"$//' | sort -u)
	# the longest list (most rows containing "0", which every generated id
	# has, counted by the pager, else row by row): its second page and that
	# search
	longest=$(for k in $KINDS; do
		curl -s -H "Cookie: $COOKIE" "$U$k?q=0" >"$T/list.html"
		n=$(sed -n 's/.*全\([0-9]*\)件.*/\1/p' "$T/list.html" | head -n 1)
		[ -n "$n" ] || n=$(grep -c '<tr><th scope="row">' "$T/list.html" || true)
		echo "$n $k"
	done | sort -n | tail -n 1 | awk '{ print $2 }')
	echo "every page, $PAGES_DURATION each (longest list: $longest)"
	RUN_DURATION=$PAGES_DURATION
	run nginx "$NGINX_URL"
	: >"$T/pages"
	ALL_PAGES="/ /plan $KINDS $longest?page=2 $longest?q=0 $longest?q=NEW /views/findings /views/gaps
		/views/training /views/dependencies /versions /documents /incidents
		/admin/users /admin/audit /people/import"
	set -f # the pages are words, never patterns
	for p in ${PAGES_ONLY:-$ALL_PAGES}; do
		case $p in
		/admin/* | /people/*) ck="itbcp_session=$ADMIN_SESSION" ;;
		*) ck=$COOKIE ;;
		esac
		# ?q=NEW: the URL ends in "q=", bench/search.lua adds a new term
		# to each request (the weight printed is that of the term 2500)
		url=$U$p lua=
		case $p in
		*q=NEW) url=$U${p%NEW} lua=bench/search.lua ;;
		esac
		c=$(curl -s -o "$T/page" -w '%{http_code}' -H "Cookie: $ck" "$url${lua:+2500}")
		[ "$c" = 200 ] || { echo "  $p answered $c (left out)"; continue; }
		run "page:$p" "$url" -H "Cookie: $ck" ${lua:+-s "$lua"}
		echo "page:$p $(wc -c <"$T/page")" >>"$T/pages"
	done
	set +f
	run nginx "$NGINX_URL"
	RUN_DURATION=
fi

# ---- keep-alive ----------------------------------------------------------------
# keepalive NAME URL [curl args…]: two requests on one connection.
keepalive() {
	name=$1 url=$2
	shift 2
	curl -sv "$@" "$url" "$url" -o /dev/null -o /dev/null 2>"$T/ka.txt" || true
	closes=$(grep -ci '^< Connection: close' "$T/ka.txt" || true)
	reused=no
	grep -q "Re-using existing connection" "$T/ka.txt" && reused=yes
	printf '  %-10s Connection: close in %s of 2 answers; second request reused the connection: %s\n' \
		"$name" "$closes" "$reused"
}
echo "keep-alive"
keepalive nginx "$NGINX_URL"
keepalive login "$U/login"
keepalive dashboard "$U/" -H "Cookie: $COOKIE"
keepalive plan "$U/plan/systems" -H "Cookie: $COOKIE"
keepalive asset "$U$CSS"

# ---- medians ---------------------------------------------------------------------
echo "medians of $RUNS runs (ratio = req/s ÷ nginx req/s, same run)"
median() { # median NAME COLUMN
	awk -v n="$1" -v c="$2" '$1 == n { print $c }' "$T/results" | sort -g |
		awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
base=$(median nginx 2)
printf '  %-10s %10s %9s %9s\n' target req/s "× nginx" "p99 ms"
for name in nginx login dashboard plan asset; do
	rps=$(median "$name" 2)
	p99=$(median "$name" 3)
	awk -v n="$name" -v r="$rps" -v b="$base" -v p="$p99" \
		'BEGIN { printf "  %-10s %10.0f %9.2f %9.2f\n", n, r, (b > 0 ? r / b : 0), p }'
done
if [ "$PAGES" != 0 ] && [ -s "$T/pages" ]; then
	echo "every page (one run of $PAGES_DURATION each; ratio to the median nginx above)"
	printf '  %-40s %9s %9s %9s %9s\n' page req/s "× nginx" "p99 ms" bytes
	awk -v b="$base" '
		NR == FNR { bytes[$1] = $2; next }
		$1 in bytes {
			r = b > 0 ? $2 / b : 0
			printf "  %-40s %9.0f %9.2f %9.2f %9d%s\n", substr($1, 6), $2, r, $3, bytes[$1], r < 0.2 ? "  < 0.2" : ""
			if (r < 0.2) slow++
			n++
			if (min == "" || r < min) { min = r; minp = substr($1, 6) }
		}
		END { printf "  %d pages, %d under 0.2× nginx; slowest %s at %.2f×\n", n, slow, minp, min }
	' "$T/pages" "$T/results"
fi

# ---- page weights ----------------------------------------------------------------
# Every main page as an admin sees it (the most it shows), as served: the
# server sends HTML uncompressed, so the bytes on the wire are the body.
echo "page weights (as served, uncompressed; gzip -6 for comparison)"
printf '  %-28s %9s %9s\n' page bytes gzip
: >"$T/weights"
for p in / /plan /plan/organisation /plan/systems /plan/systems/mail /plan/businesses /plan/people \
	/plan/assessments /plan/countermeasure_items /plan/trainings /views/findings /views/gaps \
	/views/training /views/dependencies /versions /documents /documents/card/p-sato \
	/people/import /admin/users /admin/audit /account/password; do
	code=$(curl -s -o "$T/page" -w '%{http_code}' -H "Cookie: itbcp_session=$ADMIN_SESSION" "$U$p")
	[ "$code" = 200 ] || { echo "  $p answered $code (skipped)"; continue; }
	bytes=$(wc -c <"$T/page")
	gz=$(gzip -6 -c "$T/page" | wc -c)
	printf '  %-28s %9d %9d\n' "$p" "$bytes" "$gz"
	echo "$bytes $p $gz" >>"$T/weights"
done
curl -s -o "$T/page" "$U/login" # signed out
printf '  %-28s %9d %9d\n' /login "$(wc -c <"$T/page")" "$(gzip -6 -c "$T/page" | wc -c)"
sort -n "$T/weights" | tail -n 1 | awk '{ printf "  heaviest: %s, %d bytes as served (%d gzipped)\n", $2, $1, $3 }'
if [ -s "$T/serve.err" ]; then
	echo "itbcp serve said on stderr:"
	head -n 20 "$T/serve.err"
fi
