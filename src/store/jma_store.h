/*
 * jma_store.h — the JMA reports received (migration 011): each kept once,
 * by the SHA-256 of its bytes, with what it decided and why.  出典：気象庁.
 * Append-only; every write is committed and synced before it returns 0.
 */
#ifndef ITBCP_STORE_JMA_STORE_H
#define ITBCP_STORE_JMA_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/err.h"

#define JMA_DIGEST_HEX 65 /* SHA-256 in hex and its NUL */

struct jma_row {
	int64_t id;
	int64_t received_at;  /* UTC seconds */
	char *source;         /* the file or feed it came from */
	char *digest;         /* SHA-256 of body, hex */
	char *type;           /* "VXSE51" …, "" for another kind */
	char *status;         /* 通常 | 訓練 | 試験 */
	char *info;           /* 発表 | 訂正 | 取消 */
	char *event_id;
	int64_t serial;       /* -1: none */
	char *title;
	char *max_intensity;  /* "6-", "未入電", "" … as shown */
	char *decision;       /* started | drill | joined | flagged | judgement | none */
	char *reason;         /* why, for a person, in the language of the ingest */
	int64_t incident;     /* the incident it started or joined, 0: none */
};

void jma_row_release(struct jma_row *r);

/* The id of the report with this digest, 0 when none, -1 on error. */
int64_t jma_store_find_digest(struct store *st, const char *digest, struct err *e);
/* The incident an earlier report of event_id started or joined (the first), 0 when
 * none, -1 on error. */
int64_t jma_store_event_incident(struct store *st, const char *event_id, struct err *e);
/* Adds r with its body (r->id and r->received_at are set here); 0 or -1. */
int jma_store_add(struct store *st, struct jma_row *r, const void *body, size_t len,
		  struct err *e);
/* Report id into *out (release it); -1 when absent or on error. */
int jma_store_get(struct store *st, int64_t id, struct jma_row *out, struct err *e);
/* The newest reports first, at most max; *out (free each with
 * jma_row_release, then free(*out)).  Returns how many, or -1. */
int jma_store_list(struct store *st, size_t max, struct jma_row **out, struct err *e);

#endif
