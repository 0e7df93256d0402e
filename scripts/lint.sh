#!/bin/sh
# Checks what the compiler does not (the compiler itself refuses
# store/db.h outside src/store/ and the functions of src/util/banned.h):
#
#  - the layer rule: a file includes only from the folders its own folder
#    may use, by the table below (doc/architecture.md draws it);
#  - banned string functions, also in tools/ (not compiled with banned.h);
#  - SQL outside the storage module.
#
# Prints each offence as FILE:LINE: what, and exits 1 if there was one.
# LINT_ROOT (default: the repository) lets a test run it on a copy.
set -u
cd "${LINT_ROOT:-$(dirname "$0")/..}" || exit 2
status=0

# folder (longest match wins)   folders it may include from
LAYERS='
util        util
model       model util
rules       rules model util
format      format rules model util
store       store model util
render      render rules model util
jma         jma rules model util
app         app jma store format render rules model util
checkin     checkin store rules model util
deliver     deliver store model util
web/http    web/http web/core checkin app store format render rules model util
web/core    web/core checkin app store format render rules model util
web/pages   web/pages web/core checkin app deliver store format render rules model util
cli         cli web app checkin deliver store format render rules model util
main.c      cli util
'

# One awk over every file: the table first, then each file's includes.
out=$(find src -name '*.[ch]' | sort | xargs awk -v table="$LAYERS" '
	BEGIN {
		n = split(table, rows, "\n")
		for (i = 1; i <= n; i++)
			if (split(rows[i], w, " ") > 0) {
				folder[w[1]] = 1
				allow[w[1]] = rows[i]
			}
	}
	FNR == 1 {
		rel = substr(FILENAME, 5)        # without "src/"
		mine = ""
		for (d in folder)
			if ((index(rel, d "/") == 1 || rel == d) && length(d) > length(mine))
				mine = d
		if (mine == "")
			print FILENAME ":1: lint: folder not in the layer table of scripts/lint.sh"
	}
	mine != "" && /^#include "/ {
		inc = $0
		sub(/^#include "/, "", inc); sub(/".*/, "", inc)
		k = split(allow[mine], w, " ")
		ok = 0
		for (i = 2; i <= k; i++)
			if (index(inc, w[i] "/") == 1) { ok = 1; break }
		if (!ok)
			print FILENAME ":" FNR ": lint: " mine " may not include " inc " (a layer above it or beside it)"
	}')
if [ -n "$out" ]; then
	printf '%s\n' "$out"
	status=1
fi

if grep -rnE '\b(strcpy|strcat|strncpy|strncat|sprintf|vsprintf|gets|strtok)\s*\(' src tools |
	grep -v '^src/util/banned.h:'; then
	echo "lint: banned function above: use struct buf (src/util/buf.h)"
	status=1
fi
if grep -rlE 'sqlite3_(prepare|exec)' src | grep -v '^src/store/'; then
	echo "lint: SQL outside src/store above"
	status=1
fi
exit $status
