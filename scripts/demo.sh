#!/bin/sh
# Takes a fresh Debian 12 machine to itbcp running on the demo plan:
# installs what is missing, builds, creates demo.db with the NISC
# appendix's example agency, shows its figures, and starts the web server
# when this build has one.
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh
make -j2 all
DB=${ITBCP_DB:-demo.db}
if [ ! -e "$DB" ]; then
	build/itbcp --db "$DB" init --demo
fi
echo
build/itbcp --db "$DB" systems
echo
build/itbcp --db "$DB" gaps
echo
build/itbcp --db "$DB" check || true
if build/itbcp help 2>/dev/null | grep -q '^  serve'; then
	echo
	# A first administrator, so the demo can be signed in to at once; the
	# password is random and printed once (change it under パスワード変更).
	if [ -z "$(build/itbcp --db "$DB" user list)" ]; then
		PASS=$(head -c 12 /dev/urandom | base64 | tr -d '/+=')
		printf '%s\n' "$PASS" | build/itbcp --db "$DB" user add admin --role admin --password-stdin
		echo "ログイン / sign in: admin / $PASS"
	fi
	exec build/itbcp --db "$DB" serve "$@"
fi
