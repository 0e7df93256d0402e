#!/bin/sh
# Writes SQLite's baseline, src/store/migrations/baseline/NNN.sql: what
# migrations 001–NNN (NNN the newest) leave in a new database — its schema
# exactly as SQLite stores it, and the rows they write — so that a new
# database is made by one script instead of the whole chain (store.c:
# migrate).  The chain is run here with the sqlite3 program as the runner
# runs it (the connection's pragmas of db.c's db_open, then each file in a
# transaction with its version), and dumped (.dump).
#
#   scripts/sqlite-baseline.sh        (after adding a migration, when a new
#                                      database should skip it too)
#
# Nothing else needs it: a baseline older than the newest migration is
# completed by the migrations after it.  tests/unit/test_store_baseline.c
# checks that a database made from the baseline is the one the chain
# makes, schema text and rows, and says to run this when it is not.
set -eu
cd "$(dirname "$0")/.."
command -v sqlite3 >/dev/null || { echo "sqlite-baseline: sqlite3 is missing (scripts/deps.sh installs it)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
db=$tmp/chain.db
last=
for f in src/store/migrations/[0-9][0-9][0-9]_*.sql; do
	n=$(basename "$f" | cut -c1-3)
	{
		echo "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;"
		echo "BEGIN;"
		cat "$f"
		echo ";"
		echo "PRAGMA user_version = $(expr "$n" + 0);"
		echo "COMMIT;"
	} | sqlite3 -bail "$db" >/dev/null
	last=$n
done
[ -n "$last" ] || { echo "sqlite-baseline: no migration in src/store/migrations/" >&2; exit 1; }
sqlite3 "$db" .dump >"$tmp/dump"
# .dump wraps everything in a transaction of its own (the runner has one)
# and turns foreign keys off (a new database has no rows to check).
[ "$(sed -n 1p "$tmp/dump")" = "PRAGMA foreign_keys=OFF;" ] &&
	[ "$(sed -n 2p "$tmp/dump")" = "BEGIN TRANSACTION;" ] &&
	[ "$(sed -n '$p' "$tmp/dump")" = "COMMIT;" ] ||
	{ echo "sqlite-baseline: sqlite3's .dump did not start and end as expected" >&2; exit 1; }
out=src/store/migrations/baseline/$last.sql
mkdir -p "${out%/*}"
{
	echo "-- SQLite's schema $last as migrations 001–$last leave a new database: its"
	echo "-- tables, indexes and triggers as SQLite stores them, and the rows the"
	echo "-- migrations write.  A new, empty database is made from this file in one"
	echo "-- transaction instead of by the $(expr "$last" + 0) migrations (store.c: migrate): under the"
	echo "-- sanitizers the chain cost each new database ~0.35 s of CPU more."
	echo "-- Written by scripts/sqlite-baseline.sh, never by hand;"
	echo "-- tests/unit/test_store_baseline.c checks it against the migrations."
	sed '1,2d;$d' "$tmp/dump"
} >"$out.tmp"
mv "$out.tmp" "$out"
# Older baselines are not needed: the newest one and the migrations after
# it make every new database.
for old in src/store/migrations/baseline/*.sql; do
	[ "$old" = "$out" ] || rm -f "$old"
done
echo "$out"
