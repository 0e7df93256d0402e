/*
 * outbox_witness.c — queueing the witness message (outbox_witness.h).
 */
#include "store/outbox_witness.h"

#include <stdbool.h>
#include <string.h>

#include "store/db.h"
#include "store/outbox_store.h"

int store_outbox_witness(struct store *st, const char *to, const struct message_text *t,
			 int64_t now, int64_t interval, struct err *e)
{
	bool hook = strncmp(to, "http://", 7) == 0 || strncmp(to, "https://", 8) == 0;
	const char *body = hook ? t->chat : t->body;
	struct stmt s = STMT_INIT;
	/* The last one queued, read outside a transaction: the sender's loop
	 * looks every second, and the partial index makes it one row's read
	 * that never takes the write lock from the check-in writer. */
	if (db_prepare(&st->db, &s,
		       "SELECT created_at, address, body FROM outbox WHERE kind = 'witness' "
		       "ORDER BY created_at DESC, id DESC LIMIT 1", e))
		return -1;
	int r = db_step(&s, e);
	bool due = r == 0 || (r == 1 && (strcmp(db_col_text(&s, 1), to) != 0 ||
					 (now - db_col_int(&s, 0) >= interval &&
					  strcmp(db_col_text(&s, 2), body) != 0)));
	db_finalize(&s);
	if (r < 0)
		return -1;
	if (!due)
		return 0;
	struct outbox_msg m = { .incident = NO_VALUE,
				.kind = "witness",
				.person = "",
				.channel = hook ? "webhook" : "mail",
				.address = (char *)to,
				.link = "",
				.subject = hook ? "" : t->subject,
				.body = (char *)body,
				.created_at = now,
				.due_at = now };
	if (db_begin(&st->db, e))
		return -1;
	if (store_outbox_enqueue(st, &m, NULL, e) == 0 && db_commit(&st->db, e) == 0)
		return 1;
	db_rollback(&st->db);
	return -1;
}
