/*
 * cli.h — the command-line face: `itbcp [--db FILE] COMMAND …`, and what
 * every command does the same way: its usage, its error lines, loading
 * the plan and printing JSON.
 */
#ifndef ITBCP_CLI_CLI_H
#define ITBCP_CLI_CLI_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "cli/commands.h"
#include "model/plan.h"

int cli_main(int argc, char **argv);

/* Prints the command's usage and help (for --help and usage errors). */
void cli_usage(const struct cli_ctx *ctx, FILE *out);
/* True when argv holds --help or -h. */
bool cli_wants_help(int argc, char **argv);

/* Prints one error line to standard error: "itbcp CMD: " and fmt's text,
 * then a newline.  CMD is the command being run (ctx->cmd, then ctx->sub
 * when set: "user add"); before a command is known the line starts
 * "itbcp: ".  Every error of the CLI goes through here, so no message
 * names its command by hand (tests/cli/ compare these lines). */
void cli_error(const struct cli_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Who runs a command that records what it did: as (--as) when given,
 * else $USER, else "unknown". */
const char *cli_author(const char *as);
/* Loads the plan of ctx->db_path; on failure prints why and returns -1. */
int cli_load_plan(const struct cli_ctx *ctx, struct plan *p);
/* Prints v as indented JSON with a final newline and releases it. */
void cli_print_json(json_t *v);
/* A JSON integer, or null for NO_VALUE. */
json_t *cli_json_int(int64_t v);
/* A JSON string, or null for NULL. */
json_t *cli_json_str(const char *s);

#endif
