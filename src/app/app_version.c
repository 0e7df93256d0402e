/*
 * app_version.c — whether the draft is the plan's approved version.
 *
 * The documents differ by it: a draft carries the appendix's 「ガイドライン
 * の参照先」 boxes for its authors, the approved version (第N版) is what
 * the agency issues and does without them (README, "Documents").  The
 * draft is the approved version when its interchange document has the
 * same SHA-256 as the one approved, so nothing is stored to say so.
 */
#include "app/app_version.h"

#include <stdlib.h>
#include <string.h>

#include "format/plan_json.h"
#include "store/version_store.h"
#include "util/sha256.h"

int app_draft_version(struct store *st, const struct plan *p, int64_t *number, struct err *e)
{
	struct plan_version cur;
	*number = 0;
	int n = version_current(st, &cur, e);
	if (n <= 0)
		return n;
	char *doc = plan_json_write(p);
	unsigned char h[SHA256_BYTES];
	sha256(h, doc, strlen(doc));
	free(doc);
	static const char digits[] = "0123456789abcdef";
	char hex[2 * SHA256_BYTES + 1];
	for (size_t i = 0; i < SHA256_BYTES; i++) {
		hex[2 * i] = digits[h[i] >> 4];
		hex[2 * i + 1] = digits[h[i] & 15];
	}
	hex[2 * SHA256_BYTES] = '\0';
	int same = strcmp(hex, cur.hash) == 0;
	if (same)
		*number = cur.number;
	version_release(&cur);
	return same;
}

int app_draft_version_at(const char *db_path, const struct plan *p, int64_t *number,
			 struct err *e)
{
	struct store st = STORE_INIT;
	*number = 0;
	if (store_open(&st, db_path, 0, e))
		return -1;
	int rc = app_draft_version(&st, p, number, e);
	store_close(&st);
	return rc;
}
