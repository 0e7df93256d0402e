/*
 * store_standby.h — whether the database answers as a primary or as a
 * read-only hot standby, and whether its connection is still alive
 * (issue 18, two sites).  On SQLite neither question arises: a file is
 * always writable and never goes away under an open connection.
 */
#ifndef ITBCP_STORE_STORE_STANDBY_H
#define ITBCP_STORE_STORE_STANDBY_H

#include <stdbool.h>

#include "store/store.h"
#include "util/err.h"

/* 1 when st's server is a hot standby in recovery (PostgreSQL's
 * pg_is_in_recovery(): every write is refused there until it is
 * promoted), 0 when it takes writes (always 0 on SQLite), -1 with e
 * filled when the server could not be asked. */
int store_in_recovery(struct store *st, struct err *e);

/* True when st is a PostgreSQL connection (whose server may go away and
 * come back, unlike a SQLite file). */
bool store_is_pg(const struct store *st);

/* True when st's connection is broken for good (its PostgreSQL server
 * was stopped or killed): close it and open another. */
bool store_lost(const struct store *st);

#endif
