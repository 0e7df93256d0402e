/* cli.h — the command-line face: `itbcp [--db FILE] COMMAND …`. */
#ifndef ITBCP_CLI_CLI_H
#define ITBCP_CLI_CLI_H

int cli_main(int argc, char **argv);

#endif
