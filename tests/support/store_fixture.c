/* store_fixture.c — a database file per store test, and the demo plan
 * (store_fixture.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <unistd.h>

#include "store_fixture.h"

#include "format/plan_json.h"
#include "util/embedded.h"

char store_db_path[64];

int store_fixture_setup(void **state)
{
	(void)state;
	snprintf(store_db_path, sizeof store_db_path, "/tmp/itbcp-test-store-%d.db", (int)getpid());
	unlink(store_db_path);
	return 0;
}

void store_fixture_remove(const char *path)
{
	char side[512];
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
	snprintf(side, sizeof side, "%s.record-key", path);
	unlink(side);
}

int store_fixture_teardown(void **state)
{
	(void)state;
	store_fixture_remove(store_db_path);
	return 0;
}

void store_fixture_demo(struct plan *p)
{
	const struct embedded_file *f = embedded_find("demo/demo-plan.json");
	struct buf errors = BUF_INIT;
	assert_non_null(f);
	if (plan_json_read((const char *)f->data, f->len, "demo", p, &errors, LANG_EN))
		fail_msg("%s", errors.data);
	buf_release(&errors);
}
