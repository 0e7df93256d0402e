#!/bin/sh
# golden-refresh.sh [BINARY] — renders the demo plan's documents again
# into tests/golden/, for when a change to a document is meant (the
# check is tests/cli/render_golden.sh, which also says what is fixed to
# make the bytes stable).  BINARY defaults to $ITBCP, else build/itbcp;
# the ASan and release builds write the same bytes.  Review the change
# (git diff --stat tests/golden) and commit it with the code.
set -eu
cd "$(dirname "$0")/.."
bin=${1:-${ITBCP:-build/itbcp}}
[ -x "$bin" ] || { echo "golden-refresh: no binary $bin (make, or pass one)" >&2; exit 2; }
case "$bin" in /*) ;; *) bin="$PWD/$bin" ;; esac
ITBCP="$bin" TESTS_DIR="$PWD/tests" GOLDEN_REFRESH=1 sh tests/cli/render_golden.sh
git status --short tests/golden
