/* output.h — what every report command does the same way. */
#ifndef ITBCP_CLI_OUTPUT_H
#define ITBCP_CLI_OUTPUT_H

#include <jansson.h>

#include "cli/commands.h"
#include "model/plan.h"

/* Loads the plan of ctx->db_path; on failure prints why and returns -1. */
int cli_load_plan(const struct cli_ctx *ctx, struct plan *p);
/* Prints v as indented JSON with a final newline and releases it. */
void cli_print_json(json_t *v);
/* A JSON integer, or null for NO_VALUE. */
json_t *cli_json_int(int64_t v);
/* A JSON string, or null for NULL. */
json_t *cli_json_str(const char *s);

#endif
