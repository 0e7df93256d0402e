#!/bin/sh
# Installs the Debian packages itbcp needs to build and test, when missing.
# Safe to run again: it asks apt only for what dpkg does not already have.
set -eu
PACKAGES="gcc make pkg-config sqlite3 libsqlite3-dev libjansson-dev libcmocka-dev jq libmicrohttpd-dev libsodium-dev curl libgraphviz-dev libxlsxwriter-dev libical-dev zlib1g-dev libxml2-dev fonts-noto-cjk unzip libcairo2-dev libpango1.0-dev librsvg2-dev libqrencode-dev libfontconfig-dev poppler-utils time chromium"
missing=""
for p in $PACKAGES; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "deps: installing$missing"
	SUDO=""
	[ "$(id -u)" = 0 ] || SUDO=sudo
	$SUDO apt-get update -q
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $missing
fi
