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

struct db {
	struct sqlite3 *h;
	int tx_depth;
	struct db_cached_stmt *stmts; /* DB_STMT_CACHE slots, made on first use */
	uint64_t clock;
};
#define DB_INIT { NULL, 0, NULL, 0 }

#endif
