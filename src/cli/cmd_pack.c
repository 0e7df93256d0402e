/*
 * cmd_pack.c — `itbcp pack -o FILE [--public]`: the offline crisis pack
 * (render/pack/pack.h), one HTML file for the responders' phones.
 *
 * The full pack holds personal contact data, so the file is created mode
 * 0600 through a temporary file and a rename (write_file_atomic): it is
 * never readable by others, not even between its creation and a chmod.
 * There is no stdout form for the same reason: a pack goes to a file.
 * --public leaves out what the schema marks personal, for wide
 * distribution; that file is private too (the caller may share it).
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/opts.h"
#include "render/pack/pack.h"
#include "util/fileio.h"

int cmd_pack(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *out_path = NULL;
	bool public_ = false;
	struct opt opts[] = {
		{ "-o", &out_path, NULL },
		{ "--public", NULL, &public_ },
		{ 0 },
	};
	int r = opts_parse(ctx, argc, argv, opts, NULL, 0, 0);
	if (r)
		return r > 0 ? 0 : 2;
	if (!out_path || !*out_path || strcmp(out_path, "-") == 0) {
		cli_error(ctx, "-o: %s",
			  L(ctx->lang,
			    "書き出すファイルを指定してください（個人の連絡先を含むため標準出力には書きません）",
			    "give the file to write (the pack holds contacts: it is not written to stdout)"));
		cli_usage(ctx, stderr);
		return 2;
	}
	struct plan p = PLAN_INIT;
	if (cli_load_plan(ctx, &p))
		return 2;
	struct render_opts o;
	render_opts_init(&o);
	o.lang = ctx->lang;
	o.personal = !public_;
	struct buf out = BUF_INIT;
	render_pack(&p, &o, &out);
	plan_release(&p);
	struct err e = ERR_INIT;
	int rc = 0;
	if (write_file_atomic(out_path, out.data, out.len, &e)) {
		cli_error(ctx, "%s", e.msg);
		rc = 2;
	} else {
		printf("%s: %s (%zu %s)\n", L(ctx->lang, "書き出しました", "written"), out_path,
		       out.len, L(ctx->lang, "バイト", "bytes"));
	}
	buf_release(&out);
	return rc;
}
