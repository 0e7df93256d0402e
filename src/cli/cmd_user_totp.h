/*
 * cmd_user_totp.h — the second factor from the command line (cmd_user.c
 * dispatches here): `user totp NAME --secret-file F`, `user reset-totp
 * NAME`, and the secret file that `user add --totp-secret-file F` reads.
 */
#ifndef ITBCP_CLI_CMD_USER_TOTP_H
#define ITBCP_CLI_CMD_USER_TOTP_H

#include <stddef.h>

#include "cli/cli.h"
#include "util/totp.h"

/* Reads the base32 secret of file path (one line, at most 1 KiB; spaces,
 * hyphens and padding allowed) into key (TOTP_SECRET_MAX bytes), *n its
 * length.  0; -1 with the reason printed, naming the file. */
int cmd_user_totp_secret_file(struct cli_ctx *ctx, const char *path, unsigned char *key, size_t *n);
/* user totp NAME --secret-file FILE: an operator provisions the account's
 * authenticator (active at once; totp_store_provision). */
int cmd_user_totp(struct cli_ctx *ctx, int argc, char **argv);
/* user reset-totp NAME: a lost phone (totp_store_reset). */
int cmd_user_reset_totp(struct cli_ctx *ctx, int argc, char **argv);

#endif
