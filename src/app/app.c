/* app.c — init, import, export and load of the whole plan (app.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/app.h"
#include "format/plan_json.h"
#include "store/store.h"
#include "util/embedded.h"
#include "util/xalloc.h"

#define DEMO_PLAN "demo/demo-plan.json"

static bool file_exists(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0;
}

/* Removes a database file this call created, with SQLite's side files. */
static void remove_created(const char *path)
{
	struct buf side = BUF_INIT;
	unlink(path);
	buf_addf(&side, "%s-wal", path);
	unlink(side.data);
	buf_reset(&side);
	buf_addf(&side, "%s-shm", path);
	unlink(side.data);
	buf_release(&side);
}

int app_init(const char *db_path, bool demo, bool force, enum lang lang, struct err *e)
{
	struct store st = STORE_INIT;
	struct plan p = PLAN_INIT;
	struct buf errors = BUF_INIT;
	bool existed = file_exists(db_path);
	int rc = -1;

	if (demo) {
		const struct embedded_file *f = embedded_find(DEMO_PLAN);
		if (!f)
			BUG("%s is not compiled in", DEMO_PLAN);
		if (plan_json_read((const char *)f->data, f->len, DEMO_PLAN, &p, &errors, lang))
			BUG("the demo plan does not validate:\n%s", errors.data);
	} else {
		plan_init(&p);
	}
	if (store_open(&st, db_path, STORE_CREATE, e))
		goto out;
	if (!store_plan_empty(&st) && !force) {
		err_set(e, "%s: %s", db_path,
			L(lang, "すでに計画が入っています（置き換えるには --force）",
			  "already holds a plan (use --force to replace it)"));
		goto out;
	}
	if ((demo || force) && store_replace_plan(&st, &p, e))
		goto out;
	rc = 0;
out:
	store_close(&st);
	if (rc && !existed)
		remove_created(db_path);
	plan_release(&p);
	buf_release(&errors);
	return rc;
}

int app_import(const char *db_path, const char *file, enum lang lang, struct buf *errors)
{
	struct store st = STORE_INIT;
	struct plan p = PLAN_INIT;
	struct err e = ERR_INIT;
	bool existed = file_exists(db_path);
	int rc = -1;

	if (plan_json_read_file(file, &p, errors, lang))
		goto out;
	if (store_open(&st, db_path, STORE_CREATE, &e) || store_replace_plan(&st, &p, &e)) {
		buf_addf(errors, "%s\n", e.msg);
		goto out;
	}
	rc = 0;
out:
	store_close(&st);
	if (rc && !existed)
		remove_created(db_path);
	plan_release(&p);
	return rc;
}

int app_load_plan(const char *db_path, struct plan *p, struct err *e)
{
	struct store st = STORE_INIT;
	if (store_open(&st, db_path, 0, e))
		return -1;
	int rc = store_load_plan(&st, p, e);
	store_close(&st);
	return rc;
}

char *app_export(const char *db_path, struct err *e)
{
	struct plan p = PLAN_INIT;
	if (app_load_plan(db_path, &p, e))
		return NULL;
	char *text = plan_json_write(&p);
	plan_release(&p);
	return text;
}
