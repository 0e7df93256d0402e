/* opts.c — see opts.h. */
#include "cli/opts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

/* Sets, from the environment, each option of opts marked env (see
 * opts.h); -1 after saying which variable holds what a flag cannot be. */
static int opts_from_env(struct cli_ctx *ctx, const struct opt *opts)
{
	for (const struct opt *o = opts; o && o->name; o++) {
		if (!o->env)
			continue;
		char var[64] = "ITBCP_";
		size_t n = strlen(var);
		for (const char *c = o->name + 2; *c && n + 1 < sizeof var; c++)
			var[n++] = *c == '-' ? '_' : (char)(*c >= 'a' && *c <= 'z' ? *c - 32 : *c);
		var[n] = '\0';
		const char *v = getenv(var);
		if (!v || !*v)
			continue;
		if (o->value) {
			*o->value = v;
		} else if (strcmp(v, "1") == 0) {
			*o->flag = true;
		} else if (strcmp(v, "0") != 0) {
			cli_error(ctx, "%s=%s: %s", var, v,
				  L(ctx->lang, "1 か 0 にしてください", "must be 1 or 0"));
			return -1;
		}
	}
	return 0;
}

int opts_parse(struct cli_ctx *ctx, int argc, char **argv, const struct opt *opts,
	       const char **operands, size_t min, size_t max)
{
	size_t n = 0;
	bool only_operands = false;
	if (opts_from_env(ctx, opts))
		return -1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!only_operands && (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)) {
			cli_usage(ctx, stdout);
			return 1;
		}
		if (!only_operands && strcmp(a, "--") == 0) {
			only_operands = true;
			continue;
		}
		if (!only_operands && a[0] == '-' && a[1]) {
			const struct opt *o = opts;
			while (o && o->name && strcmp(o->name, a) != 0)
				o++;
			if (!o || !o->name) {
				cli_error(ctx, "%s: %s",
					  L(ctx->lang, "不明なオプションです", "unknown option"), a);
				cli_usage(ctx, stderr);
				return -1;
			}
			if (o->value) {
				if (i + 1 >= argc) {
					cli_error(ctx, "%s %s", a,
						  L(ctx->lang, "には値が必要です", "needs a value"));
					return -1;
				}
				*o->value = argv[++i];
			} else {
				*o->flag = true;
			}
			continue;
		}
		if (n >= max) {
			cli_error(ctx, "%s: %s",
				  L(ctx->lang, "余分な引数があります", "unexpected argument"), a);
			cli_usage(ctx, stderr);
			return -1;
		}
		operands[n++] = a;
	}
	if (n < min) {
		cli_error(ctx, "%s",
			  L(ctx->lang, "引数が足りません", "missing argument"));
		cli_usage(ctx, stderr);
		return -1;
	}
	return 0;
}
