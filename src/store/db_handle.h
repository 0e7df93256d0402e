/*
 * db_handle.h — the storage module's connection as other layers see it:
 * a struct they can embed (struct store holds one by value) and never use.
 * Everything that does something with it is in db.h, which only
 * src/store/ may include.
 */
#ifndef ITBCP_STORE_DB_HANDLE_H
#define ITBCP_STORE_DB_HANDLE_H

#include <stdint.h>

struct sqlite3;
struct db_cached_stmt;
struct dbpg;

/* The engine behind a connection, chosen by db_open from its target: a
 * libpq URI (postgresql://, postgres://) is PostgreSQL, anything else a
 * SQLite file. */
enum db_engine { DB_SQLITE = 0, DB_PG = 1 };

struct db {
	struct sqlite3 *h; /* SQLite's connection, NULL on PostgreSQL */
	int tx_depth;
	struct db_cached_stmt *stmts; /* DB_STMT_CACHE slots, made on first use */
	uint64_t clock;
	enum db_engine engine;
	struct dbpg *pg; /* PostgreSQL's connection (db_pg.h), NULL on SQLite */
};
#define DB_INIT { NULL, 0, NULL, 0, DB_SQLITE, NULL }

#endif
