/*
 * page_people.c — people in bulk: upload a CSV or XLSX as an HR system
 * exports it, see what would change, then apply it.
 *
 * GET /people/import is the upload form and the accepted columns.
 * POST /people/import (multipart/form-data) reads the file
 * (people_import.c), compares it with the plan's people, stages the rows
 * read under a random token (people_store.c) and shows the preview:
 * added, changed (field by field, old → new), removed, and every error
 * with its row, column and reason.  With errors in some rows the good
 * rows are still shown and may be applied on their own (people the file
 * does not list are then never removed: a bad row's person would be), or
 * the file fixed and uploaded again.  POST /people/import/apply applies the staged rows in one
 * transaction with an audit entry — after checking that the changes are
 * still those previewed (a digest of the preview travels in the form):
 * when the plan's people changed meanwhile, the new preview is shown
 * instead.  Uploads are capped by the server's body limit (413) and by
 * PEOPLE_IMPORT_MAX_BYTES.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_people.h"
#include "app/people_import.h"
#include "store/people_store.h"
#include "store/store.h"
#include "util/utf8.h"
#include "web/core/auth.h"
#include "web/core/html.h"
#include "web/core/page.h"

#define LIST_MAX 500 /* entries listed per kind in a preview */

/* The header people know a field by ("氏名" / "name"). */
static const char *field_label(struct req *r, const char *field)
{
	for (size_t c = 0; c < people_n_columns; c++)
		if (strcmp(people_columns[c].field, field) == 0)
			return r->lang == LANG_EN ? people_columns[c].names[0] : people_columns[c].ja;
	return field;
}

/* The upload form, with an error beside the file field (NULL: none). */
static void upload_form(struct req *r, const char *error)
{
	html(r, "<form method=\"post\" action=\"/people/import\" enctype=\"multipart/form-data\" "
		"class=\"card\">\n");
	auth_csrf_field(r);
	/* The server takes request bodies of WEB_BODY_MAX (1 MiB) at most; a
	 * roster with every HR column can pass that, its useful columns never. */
	html(r, "<div class=\"field%s\"><label for=\"f-file\">%s</label>", error ? " bad" : "",
	     L(r->lang, "ファイル（CSV または XLSX、1MiBまで）", "File (CSV or XLSX, up to 1 MiB)"));
	html(r, "<p class=\"hint\">%s</p>",
	     L(r->lang, "大きすぎるときは、必要な列（氏名・所属・電話・メールなど）だけを書き出すか、XLSX（圧縮されます）にしてください。",
	       "If it is larger, export only the columns needed (name, department, phones, e-mail …) or save it as XLSX, which is compressed."));
	if (error)
		html(r, "<p class=\"err\" id=\"f-file-err\">%s</p>", error);
	html(r, "<input type=\"file\" id=\"f-file\" name=\"file\" accept=\".csv,.xlsx,text/csv,"
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\" required");
	/* markup of ours: through html() it was escaped into the attribute */
	if (error)
		html_raw(r, " aria-invalid=\"true\" aria-describedby=\"f-file-err\"");
	html(r, "></div>\n");
	html(r, "<div class=\"field check\"><input type=\"checkbox\" id=\"f-remove\" name=\"remove_missing\" "
		"value=\"1\"><label for=\"f-remove\">%s</label></div>\n",
	     L(r->lang, "ファイルにない担当者を削除する", "Remove people the file does not list"));
	html(r, "<button type=\"submit\">%s</button>\n</form>\n",
	     L(r->lang, "内容を確認する（まだ反映しません）", "Preview (nothing is applied yet)"));
}

/* The columns the file may have. */
static void columns_help(struct req *r)
{
	html(r, "<h2>%s</h2>\n<p>%s</p>\n<div class=\"scroll\"><table>\n<caption>%s</caption>\n"
		"<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
	     L(r->lang, "ファイルの形式", "File format"),
	     L(r->lang, "1行目に列名を書きます。ほかの列は無視します。文字コードは UTF-8（BOM 可）または Shift_JIS。IDの英大文字は小文字にします。",
	       "The first row names the columns; other columns are ignored. Text in UTF-8 (with or "
	       "without BOM) or Shift_JIS. Upper-case letters in ids become lower case."),
	     L(r->lang, "使える列名（日本語・英語）", "Column names (Japanese or English)"),
	     L(r->lang, "項目", "Field"), L(r->lang, "列名", "Headers accepted"));
	for (size_t c = 0; c < people_n_columns; c++) {
		html(r, "<tr><th scope=\"row\">%s%s</th><td>", field_label(r, people_columns[c].field),
		     c < 2 ? L(r->lang, "（必須）", " (required)") : "");
		for (size_t k = 0; people_columns[c].names[k]; k++)
			html(r, "%s<code>%s</code>", k ? "、" : "", people_columns[c].names[k]);
		html(r, "</td></tr>\n");
	}
	html(r, "</tbody></table></div>\n");
}

/* GET /people/import[?done=A-C-R] */
int page_people(struct req *r)
{
	const char *title = L(r->lang, "担当者の一括登録", "Import people");
	page_begin(r, title);
	html(r, "<h1>%s</h1>\n", title);
	const char *done = req_query(r, "done");
	unsigned long a, c, d;
	if (done && sscanf(done, "%lu-%lu-%lu", &a, &c, &d) == 3)
		page_notice(r, "ok", arena_printf(&r->arena,
						  L(r->lang, "反映しました（追加 %lu・変更 %lu・削除 %lu）。",
						    "Applied (added %lu, changed %lu, removed %lu)."),
						  a, c, d));
	html(r, "<p>%s</p>\n", L(r->lang, "人事システムから出力した CSV または XLSX の担当者一覧を取り込みます。反映する前に、追加・変更・削除される内容を確認できます。",
				 "Load the people list as your HR system exports it (CSV or XLSX). "
				 "You see what will be added, changed and removed before anything is applied."));
	upload_form(r, NULL);
	columns_help(r);
	page_end(r);
	return 0;
}

/* One person as a table row of the preview. */
static void person_row(struct req *r, const struct plan *p, const struct people_change *c)
{
	const struct department *d = plan_department(p, c->person.department);
	html(r, "<tr><td class=\"num\">%s</td><th scope=\"row\">%s</th><td>%s</td><td>%s</td><td>%s</td></tr>\n",
	     c->row ? arena_printf(&r->arena, "%zu", c->row) : "—", c->person.id, c->person.name,
	     d ? d->name : "", c->person.title);
}

/* The table of added or removed people. */
static void people_table(struct req *r, const struct plan *p, const struct people_diff *d,
			 enum people_change_kind kind, const char *heading, size_t count)
{
	if (!count)
		return;
	html(r, "<h2>%s（%zu）</h2>\n<div class=\"scroll\"><table>\n<thead><tr><th scope=\"col\">%s</th>"
		"<th scope=\"col\">ID</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		"<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
	     heading, count, L(r->lang, "行", "Row"), field_label(r, "name"),
	     field_label(r, "department"), field_label(r, "title"));
	size_t shown = 0;
	for (size_t i = 0; i < d->n && shown < LIST_MAX; i++)
		if (d->v[i].kind == kind) {
			person_row(r, p, &d->v[i]);
			shown++;
		}
	html(r, "</tbody></table></div>\n");
	if (count > shown)
		html(r, "<p>%s %zu</p>\n", L(r->lang, "ほかに", "and more:"), count - shown);
}

/* The preview: what would change, or the errors. */
static void preview(struct req *r, const struct plan *p, const struct people_diff *d,
		    const char *token, const char *filename, const char *encoding, const char *notice)
{
	const char *title = L(r->lang, "取り込む内容の確認", "Check the import");
	page_begin(r, title);
	html(r, "<p class=\"crumb\"><a href=\"/people/import\">%s</a></p>\n<h1>%s</h1>\n",
	     L(r->lang, "担当者の一括登録", "Import people"), title);
	if (notice)
		page_notice(r, "error", notice);
	html(r, "<p class=\"lead\">%s（%s）</p>\n<ul class=\"counts\"><li>%s <strong>%zu</strong></li>"
		"<li>%s <strong>%zu</strong></li><li>%s <strong>%zu</strong></li>"
		"<li>%s <strong>%zu</strong></li><li>%s <strong>%zu</strong></li></ul>\n",
	     filename, encoding, L(r->lang, "追加", "Added"), d->added, L(r->lang, "変更", "Changed"),
	     d->changed, L(r->lang, "削除", "Removed"), d->removed,
	     L(r->lang, "変更なし", "Unchanged"), d->unchanged, L(r->lang, "エラー", "Errors"),
	     d->n_err + d->more_errors);
	if (d->n_ignored) {
		html(r, "<p>%s", L(r->lang, "無視した列：", "Columns ignored: "));
		for (size_t i = 0; i < d->n_ignored; i++)
			html(r, "%s<code>%s</code>", i ? "、" : "", d->ignored[i]);
		html(r, "</p>\n");
	}
	if (d->n_err) {
		page_notice(
			r, "error",
			d->n ? L(r->lang, "エラーのある行は反映されません。下の正しい行だけを反映するか、ファイルを直して、もう一度アップロードしてください（エラーがある間は、ファイルにない担当者の削除は行いません）。",
				 "Rows with errors are not applied. Apply the good rows below on their own, or correct the file and upload it again (while there are errors, nobody missing from the file is removed).")
			     : L(r->lang, "エラーがあるため反映できません。ファイルを直して、もう一度アップロードしてください。",
				 "There are errors, so nothing can be applied. Correct the file and upload it again."));
		html(r, "<h2>%s</h2>\n<div class=\"scroll\"><table>\n<thead><tr><th scope=\"col\">%s</th>"
			"<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		     L(r->lang, "エラー", "Errors"), L(r->lang, "行", "Row"), L(r->lang, "列", "Column"),
		     L(r->lang, "内容", "Problem"));
		for (size_t i = 0; i < d->n_err; i++)
			html(r, "<tr><td class=\"num\">%s</td><td>%s</td><td>%s</td></tr>\n",
			     d->err[i].row ? arena_printf(&r->arena, "%zu", d->err[i].row) : "—",
			     d->err[i].column, d->err[i].reason);
		html(r, "</tbody></table></div>\n");
		if (d->more_errors)
			html(r, "<p>%s %zu</p>\n", L(r->lang, "ほかのエラー：", "More errors:"), d->more_errors);
		upload_form(r, NULL);
		if (!d->n) {
			page_end(r);
			return;
		}
	}
	people_table(r, p, d, PEOPLE_ADD, L(r->lang, "追加される担当者", "People added"), d->added);
	if (d->changed) {
		html(r, "<h2>%s（%zu）</h2>\n<ul class=\"changes\">\n",
		     L(r->lang, "変更される担当者", "People changed"), d->changed);
		size_t shown = 0;
		bool personal_ok = r->session.user.role >= ROLE_RESPONDER;
		for (size_t i = 0; i < d->n && shown < LIST_MAX; i++) {
			const struct people_change *c = &d->v[i];
			if (c->kind != PEOPLE_CHANGE)
				continue;
			shown++;
			html(r, "<li class=\"chg\">%s %zu：%s（%s）<table class=\"diff\"><tbody>",
			     L(r->lang, "行", "row"), c->row, c->person.name, c->person.id);
			for (size_t f = 0; f < c->nf; f++) {
				const struct people_field_change *x = &c->f[f];
				if (x->personal && !personal_ok)
					html(r, "<tr><th scope=\"row\">%s</th><td colspan=\"2\">%s</td></tr>",
					     field_label(r, x->field), L(r->lang, "変更あり", "changed"));
				else
					html(r, "<tr><th scope=\"row\">%s</th><td><del>%s</del></td>"
						"<td>→ <ins>%s</ins></td></tr>",
					     field_label(r, x->field), x->old_value[0] ? x->old_value : "—",
					     x->new_value[0] ? x->new_value : "—");
			}
			html(r, "</tbody></table></li>\n");
		}
		html(r, "</ul>\n");
		if (d->changed > shown)
			html(r, "<p>%s %zu</p>\n", L(r->lang, "ほかに", "and more:"), d->changed - shown);
	}
	people_table(r, p, d, PEOPLE_REMOVE, L(r->lang, "削除される担当者", "People removed"), d->removed);
	if (d->n == 0) {
		page_notice(r, "ok", L(r->lang, "計画の担当者と同じです。反映するものはありません。",
				       "The file matches the plan's people: nothing to apply."));
	} else {
		char digest[65];
		people_diff_digest(d, digest);
		html(r, "<form method=\"post\" action=\"/people/import/apply\" class=\"card\">");
		auth_csrf_field(r);
		html(r,
		     "<input type=\"hidden\" name=\"token\" value=\"%s\">"
		     "<input type=\"hidden\" name=\"digest\" value=\"%s\">"
		     "<button type=\"submit\">%s（%zu）</button></form>\n",
		     token, digest,
		     d->n_err ? L(r->lang, "エラーの行を除いて反映する", "Apply the good rows only")
			      : L(r->lang, "この内容で反映する", "Apply these changes"),
		     d->n);
	}
	page_end(r);
}

/* The base name of a browser's file name (some send a whole path). */
static const char *base_name(const char *f)
{
	const char *s = strrchr(f, '/'), *b = strrchr(f, '\\');
	if (b && (!s || b > s))
		s = b;
	return s ? s + 1 : f;
}

/* POST /people/import: file, remove_missing (multipart/form-data). */
int page_people_upload(struct req *r)
{
	const struct req_file *f = req_file(r, "file");
	struct err e = ERR_INIT;
	struct people_table t = PEOPLE_TABLE_INIT;
	const char *problem = NULL;
	if (!f || f->len == 0)
		problem = L(r->lang, "ファイルを選んでください。", "Choose a file.");
	else if (people_table_read(f->data, f->len, &t, r->lang, &e))
		problem = arena_strdup(&r->arena, e.msg);
	if (problem) {
		r->status = 422;
		const char *title = L(r->lang, "担当者の一括登録", "Import people");
		page_begin(r, title);
		html(r, "<h1>%s</h1>\n", title);
		upload_form(r, problem);
		columns_help(r);
		page_end(r);
		return 0;
	}
	const struct plan *p = store_plan_cached(r->store, &r->err);
	if (!p) {
		people_table_release(&t);
		return -1;
	}
	const char *fname = base_name(f->filename);
	if (!utf8_valid(fname, strlen(fname)) || strlen(fname) > 200)
		fname = "upload";
	bool remove = req_form(r, "remove_missing") != NULL;
	/* only what the import reads is compared and staged (the same diff) */
	people_table_keep_known(&t);
	struct people_diff d;
	people_diff_compute(&t, p, remove, r->lang, &d);
	char *csv = people_table_csv(&t);
	char token[PEOPLE_TOKEN_LEN + 1];
	int rc = people_store_stage(r->store, auth_actor(r), fname, remove, csv, token, &r->err);
	free(csv);
	if (rc == 0) {
		/* staging wrote to the database: read the plan again (same content) */
		p = store_plan_cached(r->store, &r->err);
		if (!p)
			rc = -1;
		else
			preview(r, p, &d, token, fname, t.encoding, NULL);
	}
	people_diff_release(&d);
	people_table_release(&t);
	return rc;
}

/* POST /people/import/apply: token, digest. */
int page_people_apply(struct req *r)
{
	const char *token = req_form_trim(r, "token"), *digest = req_form_trim(r, "digest");
	char *csv = NULL, *fname = NULL;
	bool remove = false;
	int rc = people_store_staged(r->store, token, auth_actor(r), &csv, &fname, &remove, &r->err);
	if (rc < 0)
		return -1;
	if (rc == 1) {
		route_error(r, 409, L(r->lang, "この取り込みは反映済みか、期限が切れています。もう一度アップロードしてください。",
				      "This import was already applied or has expired. Upload the file again."));
		return 0;
	}
	struct people_table t = PEOPLE_TABLE_INIT;
	struct people_diff d;
	memset(&d, 0, sizeof d);
	struct err e = ERR_INIT;
	rc = -1;
	if (people_table_read_staged(csv, strlen(csv), &t, r->lang, &e)) {
		err_set(&r->err, "staged import does not read back: %s", e.msg);
		goto out;
	}
	enum app_people_outcome outcome;
	if (app_people_apply(r->store, token, &t, remove, digest ? digest : "", auth_actor(r), fname,
			     r->lang, &d, &outcome, &r->err))
		goto out;
	if (outcome == APP_PEOPLE_CHANGED) {
		const struct plan *p = store_plan_cached(r->store, &r->err);
		if (!p)
			goto out;
		r->status = 409;
		preview(r, p, &d, token, fname, "CSV",
			L(r->lang, "確認の後に計画の担当者が変わりました。内容をもう一度確認してください。",
			  "The plan's people changed since the preview. Check again."));
	} else if (outcome == APP_PEOPLE_DONE) {
		route_error(r, 409, L(r->lang, "この取り込みは既に反映されています。", "This import was already applied."));
	} else {
		req_redirect(r, arena_printf(&r->arena, "/people/import?done=%zu-%zu-%zu", d.added,
					     d.changed, d.removed));
	}
	rc = 0;
out:
	people_diff_release(&d);
	people_table_release(&t);
	free(csv);
	free(fname);
	return rc;
}
