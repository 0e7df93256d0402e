/*
 * cmd_generate.h — the hidden `itbcp test-generate` command: a large,
 * valid plan document for benchmarks (cmd_generate.c).
 */
#ifndef ITBCP_CLI_CMD_GENERATE_H
#define ITBCP_CLI_CMD_GENERATE_H

#include "cli/commands.h"

cli_fn cmd_generate;

#endif
