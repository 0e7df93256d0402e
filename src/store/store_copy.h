/*
 * store_copy.h — a whole database copied into another, of either engine
 * (issue 18, item 3: from SQLite to PostgreSQL and back).
 *
 * Every table the schema has (read from the engine's catalogue:
 * copy_schema.h), every row, with its ids, hashes, signatures, blobs,
 * token and password hashes as they are: the records' chains and
 * signatures verify in the copy because they are the same bytes.
 */
#ifndef ITBCP_STORE_STORE_COPY_H
#define ITBCP_STORE_STORE_COPY_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/err.h"

struct store_copy_result {
	int schema;        /* the schema version of both */
	size_t tables;     /* tables copied (plan_revision counted) */
	int64_t rows;      /* rows inserted */
	size_t sequences;  /* PostgreSQL identities set past their highest id */
	int64_t incidents; /* incidents whose record verified in the copy */
	int64_t audit;     /* audit log entries whose chain verified */
};

/* Copies everything in from into to, in one write transaction on to,
 * committed (and synced) only when all of this held: both are at the
 * same schema version; to holds no row (but plan_revision's, which the
 * migrations insert); every table's rows read back from to, inside the
 * transaction, are the rows read from from (count and digest); every
 * incident's record (timeline chain and signatures) and the audit log's
 * chain verify in to.  Otherwise -1 with e, and to is as it was.  from is
 * read in one snapshot (a server may keep writing to it). */
int store_copy(struct store *from, struct store *to, struct store_copy_result *res, struct err *e);

/* The schema version of the database at target, opened read-only without
 * migrating it (0: no itbcp schema yet).  -1 with e when it cannot be
 * opened, or when it has version 0 but tables of its own: not a database
 * itbcp should put its schema into. */
int store_copy_probe(const char *target, int *version, struct err *e);

#endif
