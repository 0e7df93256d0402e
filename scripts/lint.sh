#!/bin/sh
# Checks what the compiler does not: banned string functions, SQL outside
# the storage module.  Prints each offence with file and line.
set -u
status=0
if grep -rnE '\b(strcpy|strcat|strncpy|strncat|sprintf|vsprintf|gets|strtok)\s*\(' src tools; then
	echo "lint: banned function above: use struct buf (src/util/buf.h)"
	status=1
fi
if grep -rlE 'sqlite3_(prepare|exec)' src | grep -v '^src/store/'; then
	echo "lint: SQL outside src/store above"
	status=1
fi
exit $status
