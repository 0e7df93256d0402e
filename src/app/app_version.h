/*
 * app_version.h — whether the draft is the plan's approved version (第N版),
 * which decides what its documents carry (app_version.c).
 */
#ifndef ITBCP_APP_APP_VERSION_H
#define ITBCP_APP_APP_VERSION_H

#include <stddef.h>
#include <stdint.h>

#include "model/plan.h"
#include "render/render.h"
#include "store/store.h"
#include "util/err.h"

/* 1 when p (the draft) is exactly the current approved version, N of
 * 第N版 into *number; 0 when it is a draft (changed since, or nothing
 * approved yet; *number 0); -1 with e filled on a database error. */
int app_draft_version(struct store *st, const struct plan *p, int64_t *number, struct err *e);
/* The same, opening the database at db_path for the question. */
int app_draft_version_at(const char *db_path, const struct plan *p, int64_t *number,
			 struct err *e);

/* The approved versions of the plan for its documents, oldest first, into
 * *out (malloc'ed, *n of them; app_plan_versions_free), each dated the day
 * it was approved in Asia/Tokyo, and which one p is into *version (0: a
 * draft, as app_draft_version says).  0, or -1 with e filled. */
int app_plan_versions(struct store *st, const struct plan *p, struct render_version **out,
		      size_t *n, int64_t *version, struct err *e);
/* The same, opening the database at db_path for the question. */
int app_plan_versions_at(const char *db_path, const struct plan *p, struct render_version **out,
			 size_t *n, int64_t *version, struct err *e);
/* Frees a list from app_plan_versions (NULL is fine). */
void app_plan_versions_free(struct render_version *v, size_t n);

#endif
