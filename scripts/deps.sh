#!/bin/sh
# Installs the Debian packages itbcp needs to build and test, when missing.
# Safe to run again: it asks apt only for what dpkg does not already have.
set -eu
# (dpkg-dev, debhelper, fakeroot, help2man, lintian and systemd build the
# Debian package and check it: make deb, tests/cli/deb_package.sh.)
# (chromium-headless-shell: the browser tests' Chromium, tests/e2e/server.mjs;
# chromium: bench/pdf.sh, and the browser tests' fallback.)
# (postgresql-15 and postgresql-client-15: the throw-away cluster of the
# PostgreSQL tests, tests/support/pg_cluster.sh; issue 18.)
PACKAGES="gcc make pkg-config sqlite3 libsqlite3-dev libpq-dev libjansson-dev libcmocka-dev jq libmicrohttpd-dev libsodium-dev curl libgraphviz-dev libxlsxwriter-dev libical-dev zlib1g-dev libxml2-dev fonts-noto-cjk unzip libcairo2-dev libpango1.0-dev librsvg2-dev libqrencode-dev liboath-dev libfontconfig-dev poppler-utils time chromium chromium-headless-shell nodejs wrk nginx-light openssl clang libclang-rt-14-dev lld libcurl4-openssl-dev python3-aiosmtpd openssh-server openssh-client dpkg-dev debhelper fakeroot help2man lintian systemd postgresql-15 postgresql-client-15"
missing=""
for p in $PACKAGES; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
# Debian's npm only where no npm came with Node.js (NodeSource's nodejs
# carries its own and conflicts with Debian's npm package).
command -v npm >/dev/null 2>&1 || missing="$missing npm"
if [ -n "$missing" ]; then
	echo "deps: installing$missing"
	SUDO=""
	[ "$(id -u)" = 0 ] || SUDO=sudo
	$SUDO apt-get update -q
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $missing
fi
# The browser tests' npm packages and the API check's (ajv, yaml: tests/cli/openapi_check.mjs),
# from package-lock.json, from the npm registry.
cd "$(dirname "$0")/.."
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	echo "deps: npm ci"
	npm ci --no-audit --no-fund
fi
