# nginx.sh — the yardstick of doc/performance.md for the
# benchmarks (sourced by bench/web.sh and bench/checkin.sh): a static 2 KB
# page served by nginx on a free loopback port, with a temporary config.
# Needs $T (the benchmark's temporary directory), $NGINX, die(), and
# NGINX_PID, which the caller's cleanup stops; start_nginx sets
# NGINX_PORT.
mkdir -p "$T/www" "$T/ngx"
{
	printf '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>static</title></head><body>\n'
	i=0
	while [ $i -lt 60 ]; do
		printf '<p>line %02d of a static page of about two kilobytes.</p>\n' $i
		i=$((i + 1))
	done
} >"$T/www/page.tmp"
head -c 2032 "$T/www/page.tmp" >"$T/www/index.html" # + the 16 bytes below: 2048
printf '\n</body></html>\n' >>"$T/www/index.html"
rm "$T/www/page.tmp"
# nginx's workers run as an unprivileged user: they must reach the page.
chmod 711 "$T"
chmod 755 "$T/www"
chmod 644 "$T/www/index.html"

# A free port: random, tried again only when nginx could not bind it.
start_nginx() {
	tries=0
	while [ $tries -lt 10 ]; do
		tries=$((tries + 1))
		NGINX_PORT=$(($(od -An -N2 -tu2 /dev/urandom) % 20000 + 30000))
		cat >"$T/ngx/nginx.conf" <<EOF
worker_processes auto;
pid $T/ngx/nginx.pid;
error_log $T/ngx/error.log;
events { worker_connections 4096; }
http {
	access_log off;
	client_body_temp_path $T/ngx/body;
	proxy_temp_path $T/ngx/proxy;
	fastcgi_temp_path $T/ngx/fastcgi;
	uwsgi_temp_path $T/ngx/uwsgi;
	scgi_temp_path $T/ngx/scgi;
	default_type text/html;
	server {
		listen 127.0.0.1:$NGINX_PORT;
		root $T/www;
		location / { }
	}
}
EOF
		"$NGINX" -e "$T/ngx/error.log" -p "$T/ngx" -c "$T/ngx/nginx.conf" -g 'daemon off;' \
			2>>"$T/ngx/error.log" &
		NGINX_PID=$!
		i=0
		while [ $i -lt 50 ]; do
			c=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$NGINX_PORT/" || true)
			[ "$c" = 200 ] && return 0
			[ "$c" = 000 ] || { cat "$T/ngx/error.log" >&2; die "nginx answered $c"; }
			kill -0 "$NGINX_PID" 2>/dev/null || break
			sleep 0.1
			i=$((i + 1))
		done
		kill "$NGINX_PID" 2>/dev/null || true
		wait "$NGINX_PID" 2>/dev/null || true
		NGINX_PID=""
		grep -q "Address already in use" "$T/ngx/error.log" || break
	done
	cat "$T/ngx/error.log" >&2
	die "nginx did not start"
}
