/*
 * cmd_render.c — `itbcp render WHAT [--format FMT] [-o FILE] [--personal]`.
 *
 * WHAT is `plan` (the whole plan: html, md, pdf) or `table NAME` (one
 * table: csv, md, html; names in render_table_names).  The plan is loaded
 * from the database, built into a doc (render/plan_doc*.c), written by the
 * format's writer into memory and then to FILE atomically, or to stdout.
 * --lang (a global option) chooses Japanese or English; personal data
 * (mobile, home phone, e-mail) appears only with --personal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_incident.h"
#include "app/app_version.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/opts.h"
#include "render/card/card.h"
#include "render/graph/graph.h"
#include "render/ics.h"
#include "render/office/odt.h"
#include "render/pdf/pdf.h"
#include "render/render.h"
#include "render/office/xlsx.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fileio.h"
#include "util/xalloc.h"

/* Prints the table names to out (for errors and help). */
static void list_tables(const struct cli_ctx *ctx, FILE *out)
{
	fprintf(out, "%s\n", L(ctx->lang, "表の名前:", "table names:"));
	for (size_t i = 0; render_table_names[i]; i++)
		fprintf(out, "  %-18s %s\n", render_table_names[i], render_table_help[i]);
}

/* Writes out to path atomically, or to stdout when path is NULL; 0 or 2. */
static int emit(const struct cli_ctx *ctx, const char *path, const struct buf *out)
{
	if (path) {
		struct err e = ERR_INIT;
		if (write_file_atomic(path, out->data, out->len, &e)) {
			cli_error(ctx, "%s", e.msg);
			return 2;
		}
		return 0;
	}
	if (fwrite(out->data, 1, out->len, stdout) != out->len || fflush(stdout) == EOF)
		return 2;
	return 0;
}

/* Usage error with a message; returns 2. */
static int usage_error(const struct cli_ctx *ctx, const char *ja, const char *en, const char *what)
{
	cli_error(ctx, "%s%s%s", L(ctx->lang, ja, en), what ? ": " : "",
		  what ? what : "");
	cli_usage(ctx, stderr);
	return 2;
}

/* `render card PERSON_ID`: the wallet card (別表2) as PDF.  The personal
 * part is read as JSON from --personal-json FILE ("-" = stdin) and never
 * stored; --url is the person's check-in address for the QR code. */
static int render_card_cmd(struct cli_ctx *ctx, const char *person, const char *format,
			   const char *out_path, bool personal, const char *url, const char *pjson)
{
	if (!person)
		return usage_error(ctx, "担当者のIDが必要です", "a person id is needed", NULL);
	if (format && strcmp(format, "pdf") != 0)
		return usage_error(ctx, "携行カードはPDFのみです", "the card is PDF only", format);
	struct plan p = PLAN_INIT;
	if (cli_load_plan(ctx, &p))
		return 2;
	struct buf link = BUF_INIT;
	struct err e = ERR_INIT;
	if (!url && plan_person(&p, person)) {
		/* The QR code carries the person's own check-in address. */
		char tok[STORE_TOKEN_LEN + 1];
		const char *base = getenv("ITBCP_BASE_URL");
		if (app_incident_person_token(ctx->db_path, person, tok, &e)) {
			cli_error(ctx, "%s", e.msg);
			plan_release(&p);
			return 2;
		}
		buf_addf(&link, "%s/c/%s", base && *base ? base : "http://127.0.0.1:8080", tok);
		url = link.data;
	}
	struct card c;
	card_defaults(&c, ctx->lang);
	struct buf js = BUF_INIT, out = BUF_INIT;
	int rc = card_from_plan(&c, &p, person, personal, url, &e);
	if (!rc && pjson) {
		FILE *f = strcmp(pjson, "-") == 0 ? stdin : fopen(pjson, "rb");
		char chunk[4096];
		size_t n;
		if (!f)
			rc = err_set(&e, "%s: cannot open", pjson);
		while (f && (n = fread(chunk, 1, sizeof chunk, f)) > 0 && js.len < 65536)
			buf_add(&js, chunk, n);
		if (f && f != stdin)
			fclose(f);
		if (!rc)
			rc = card_personal_from_json(&c, js.data, js.len, &e);
	}
	if (!rc)
		rc = render_card_buf(&c, &out, &e);
	if (rc)
		cli_error(ctx, "%s", e.msg);
	else
		rc = emit(ctx, out_path, &out);
	buf_release(&out);
	buf_release(&js);
	buf_release(&link);
	card_release(&c);
	plan_release(&p);
	return rc ? 2 : 0;
}

int cmd_render(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *format = NULL, *out_path = NULL, *url = NULL, *pjson = NULL;
	const char *event = NULL, *fy = NULL, *refs = NULL;
	bool personal = false;
	const char *operands[2] = { NULL, NULL };
	struct opt opts[] = {
		{ "--format", &format, NULL },
		{ "-f", &format, NULL },
		{ "-o", &out_path, NULL },
		{ "--personal", NULL, &personal },
		{ "--url", &url, NULL },
		{ "--personal-json", &pjson, NULL },
		{ "--event", &event, NULL },
		{ "--fy", &fy, NULL },
		{ "--guideline-refs", &refs, NULL },
		{ 0 },
	};
	int r = opts_parse(ctx, argc, argv, opts, operands, 1, 2);
	if (r)
		return r > 0 ? 0 : 2;
	if (strcmp(operands[0], "card") == 0)
		return render_card_cmd(ctx, operands[1], format, out_path, personal, url, pjson);
	bool whole = strcmp(operands[0], "plan") == 0;
	bool table = strcmp(operands[0], "table") == 0;
	bool figure = strcmp(operands[0], "figure") == 0;     /* command | flow: svg */
	bool calendar = strcmp(operands[0], "calendar") == 0; /* training plan: ics */
	if (!whole && !table && !figure && !calendar)
		return usage_error(ctx, "plan か table を指定してください", "say plan or table",
				   operands[0]);
	if ((whole || calendar) && operands[1])
		return usage_error(ctx, "余分な引数があります", "unexpected argument", operands[1]);
	if (table && !operands[1]) {
		cli_error(ctx, "%s",
			  L(ctx->lang, "表の名前が必要です", "a table name is needed"));
		list_tables(ctx, stderr);
		return 2;
	}
	if (!format)
		format = whole ? "html" : figure ? "svg" : calendar ? "ics" : "csv";
	bool ok = whole ? (!strcmp(format, "html") || !strcmp(format, "md") || !strcmp(format, "pdf") ||
			   !strcmp(format, "odt") || !strcmp(format, "xlsx"))
		  : figure   ? !strcmp(format, "svg")
		  : calendar ? !strcmp(format, "ics")
			     : (!strcmp(format, "csv") || !strcmp(format, "md") || !strcmp(format, "html") ||
				!strcmp(format, "xlsx"));
	if (!ok)
		return usage_error(ctx, "この形式には出力できません", "format not available here",
				   format);
	if (refs && strcmp(refs, "on") != 0 && strcmp(refs, "off") != 0 && strcmp(refs, "auto") != 0)
		return usage_error(ctx, "--guideline-refs は on、off、auto のいずれかです",
				   "--guideline-refs is on, off or auto", refs);
	if (table && strcmp(format, "xlsx") != 0) { /* xlsx checks its own names */
		size_t i = 0;
		while (render_table_names[i] && strcmp(render_table_names[i], operands[1]) != 0)
			i++;
		if (!render_table_names[i]) {
			cli_error(ctx, "%s: %s",
				  L(ctx->lang, "不明な表です", "unknown table"), operands[1]);
			list_tables(ctx, stderr);
			return 2;
		}
	}

	struct plan p = PLAN_INIT;
	if (cli_load_plan(ctx, &p))
		return 2;
	struct render_opts o;
	render_opts_init(&o);
	o.lang = ctx->lang;
	o.personal = personal;
	struct render_version *versions = NULL;
	size_t n_versions = 0;
	if (whole || table) {
		/* The document's control (版数, dates, 改定履歴, 「案」) and, by
		 * default, the guideline boxes: shown in a draft only. */
		struct err e = ERR_INIT;
		if (app_plan_versions_at(ctx->db_path, &p, &versions, &n_versions, &o.version, &e)) {
			cli_error(ctx, "%s", e.msg);
			plan_release(&p);
			return 2;
		}
		o.versions = versions;
		o.n_versions = n_versions;
		o.guideline_refs = o.version == 0;
	}
	if (refs && strcmp(refs, "auto") != 0)
		o.guideline_refs = strcmp(refs, "on") == 0;
	struct doc d;
	if (whole)
		plan_doc_build(&p, &o, &d);
	else if (table)
		plan_doc_table(&p, &o, operands[1], &d);
	else
		doc_init(&d, o.lang);

	struct buf out = BUF_INIT;
	int rc = 0;
	if (!strcmp(format, "html")) {
		render_html(&d, &out);
	} else if (!strcmp(format, "md")) {
		render_markdown(&d, &out);
	} else if (!strcmp(format, "csv")) {
		const struct doc_table *t = doc_find_table(&d, operands[1]);
		if (!t)
			BUG("table %s not built", operands[1]);
		render_csv(t, &out);
	} else {
		struct err e = ERR_INIT;
		const char *what = whole ? "all" : operands[1];
		int frc = !strcmp(format, "odt")    ? render_odt(&d, &out, &e)
			  : !strcmp(format, "xlsx") ? render_xlsx_buf(&p, what, &o, &out, &e)
			  : !strcmp(format, "svg")  ? graph_figure_buf(&p, what, event, o.lang, &out, &e)
			  : !strcmp(format, "ics")  ? render_ics_buf(&p, fy, o.lang, &out, &e)
						    : render_pdf_buf(&d, &out, NULL, &e);
		if (frc) {
			cli_error(ctx, "%s", e.msg);
			rc = 2;
		}
	}
	if (!rc)
		rc = emit(ctx, out_path, &out);
	buf_release(&out);
	doc_release(&d);
	app_plan_versions_free(versions, n_versions);
	plan_release(&p);
	return rc;
}
