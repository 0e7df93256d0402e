/*
 * opts.h — parsing a command's own options, the same way for every command.
 *
 * Each command lists its options in a table; unknown options, missing
 * values and wrong numbers of operands are usage errors (exit 2) with a
 * message that names the option.
 */
#ifndef ITBCP_CLI_OPTS_H
#define ITBCP_CLI_OPTS_H

#include <stdbool.h>
#include <stddef.h>

#include "cli/commands.h"

struct opt {
	const char *name;   /* "--json" */
	const char **value; /* receives the value, for options that take one */
	bool *flag;         /* set true, for options that do not */
	/* Also read from the environment, as ITBCP_ and the name in capitals
	 * with '_' for '-' (--backup-dir: ITBCP_BACKUP_DIR; a flag is set by
	 * =1, left by =0 or empty): a service's settings file (the Debian
	 * package's /etc/itbcp/itbcp.conf) is a list of such variables.  The
	 * command line wins; an empty variable counts as unset. */
	bool env;
};

/* Parses argv[1..] (argv[0] is the command), after the environment for
 * the options marked env.  Operands go to operands[] (between min and max
 * of them).  --help prints the command's help and returns 1; a usage
 * error (a flag's variable other than 0 or 1 too) prints why and returns
 * -1; 0 otherwise. */
int opts_parse(struct cli_ctx *ctx, int argc, char **argv, const struct opt *opts,
	       const char **operands, size_t min, size_t max);

#endif
