/*
 * store_standby.c — primary or standby, alive or lost (store_standby.h).
 * The web face asks at start and again while it serves as a standby, so
 * a promotion is noticed without a restart; store.c asks before
 * migrating, since a standby refuses every write.
 */
#include "store/store_standby.h"

#include "store/db.h"

/* See store_standby.h. */
int store_in_recovery(struct store *st, struct err *e)
{
	if (db_engine(&st->db) != DB_PG)
		return 0;
	struct stmt s = STMT_INIT;
	if (db_prepare(&st->db, &s, "SELECT pg_is_in_recovery()", e))
		return -1;
	int r = db_step(&s, e);
	int rec = r == 1 ? (int)db_col_int(&s, 0) : -1;
	db_finalize(&s);
	if (r == 0)
		return err_set(e, "database: pg_is_in_recovery() gave no row");
	return rec;
}

/* See store_standby.h. */
bool store_is_pg(const struct store *st)
{
	return db_engine(&st->db) == DB_PG;
}

/* See store_standby.h. */
bool store_lost(const struct store *st)
{
	return db_lost(&st->db);
}
