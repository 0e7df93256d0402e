/* output.c — see output.h. */
#include "cli/output.h"

#include <stdio.h>
#include <stdlib.h>

#include "app/app.h"

int cli_load_plan(const struct cli_ctx *ctx, struct plan *p)
{
	struct err e = ERR_INIT;
	if (app_load_plan(ctx->db_path, p, &e)) {
		fprintf(stderr, "itbcp %s: %s\n", ctx->cmd->name, e.msg);
		return -1;
	}
	return 0;
}

void cli_print_json(json_t *v)
{
	char *s = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(v);
	if (s) {
		fputs(s, stdout);
		fputc('\n', stdout);
		free(s);
	}
}

json_t *cli_json_int(int64_t v)
{
	return v == NO_VALUE ? json_null() : json_integer(v);
}

json_t *cli_json_str(const char *s)
{
	return s ? json_string(s) : json_null();
}
