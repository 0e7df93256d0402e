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
	exec build/itbcp --db "$DB" serve "$@"
fi
