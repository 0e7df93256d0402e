/*
 * commands.h — the CLI's command table and what every command receives.
 *
 * To add a command: write src/cli/cmd_NAME.c with one function of type
 * cli_fn, declare it below, and add one row to the table in commands.c.
 * `itbcp help`, `itbcp COMMAND --help` and README's command list all come
 * from that row.
 */
#ifndef ITBCP_CLI_COMMANDS_H
#define ITBCP_CLI_COMMANDS_H

#include "util/lang.h"

struct cli_ctx {
	const char *db_path;  /* --db, ITBCP_DB, or "itbcp.db" */
	enum lang lang;       /* --lang, ITBCP_LANG, else Japanese */
	const struct cli_command *cmd;
	/* The subcommand whose messages name it ("add": "itbcp user add: …"),
	 * or NULL; cli_error() reads it. */
	const char *sub;
};

/* argv[0] is the command name; options follow.  Returns the exit status:
 * 0 success, 1 the command ran and found problems (check), 2 bad usage or
 * bad input (nothing changed). */
typedef int cli_fn(struct cli_ctx *ctx, int argc, char **argv);

struct cli_command {
	const char *name;
	cli_fn *fn;
	const char *usage;   /* "import FILE" */
	const char *help_ja;
	const char *help_en;
	const char *options; /* option lines for --help, may be NULL */
};

extern const struct cli_command commands_table[];

cli_fn cmd_init, cmd_import, cmd_export, cmd_systems, cmd_rto, cmd_gaps, cmd_budget, cmd_check,
	cmd_version;
/* Filed by the web work (issue 4): */
cli_fn cmd_serve, cmd_user;
/* Documents (issue 3): src/cli/cmd_render.c */
cli_fn cmd_render;
/* Running the plan in a crisis (issue 5): src/cli/cmd_incident.c */
cli_fn cmd_incident;
/* JMA reports taken in (issue 14): src/cli/cmd_jma.c */
cli_fn cmd_jma;
/* Delivery of the outbox (issue 14): src/cli/cmd_deliver.c */
cli_fn cmd_deliver;
/* The offline crisis pack (issue 17): src/cli/cmd_pack.c */
cli_fn cmd_pack;
/* Backups and restore (issue 17): src/cli/cmd_backup.c */
cli_fn cmd_backup, cmd_restore;
/* Moving between engines (issue 18, item 3): src/cli/cmd_copy.c */
cli_fn cmd_copy;

#endif
