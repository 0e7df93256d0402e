/*
 * xlsx.c — workbooks of the plan's tables: which tables `render xlsx WHAT`
 * takes from the plan's document, and the workbook around their sheets.
 *
 * libxlsxwriter writes only to a named file, so a workbook is written to
 * a private temporary file (mkstemp), read back into memory and removed;
 * callers get bytes (for the web) or an atomically replaced file.
 */
#include "render/office/xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "render/office/xlsx_internal.h"
#include "util/fileio.h"
#include "util/xalloc.h"

const char *const xlsx_names[] = {
	"business-systems", "contacts", "training", "risks", "budget", "all", NULL,
};
const char *const xlsx_help[] = {
	"別表1 業務システム関連表 / business-system table (appendix 1)",
	"表2.2-1, 2.2-2 関係部局・関係企業の連絡先 / contact lists",
	"4.1 教育訓練計画（年度ごとのシート）/ training plan, a sheet per fiscal year",
	"3.1 リスク一覧 / risk register (gaps to the target levels)",
	"3.2 事前対策の予算 / countermeasure budget by fiscal year",
	"計画のすべての表（1表1シート）/ every table of the plan, a sheet each",
	NULL,
};

/* Reads the whole file at path into out. */
static int read_file(const char *path, struct buf *out, struct err *e)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return err_set(e, "%s: cannot read back the workbook", path);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(out, chunk, n);
	int bad = ferror(f);
	fclose(f);
	if (bad)
		return err_set(e, "%s: read error", path);
	return 0;
}

int render_xlsx_tables(const struct doc_table *const *tables, size_t n, const char *title,
		       enum lang lang, struct buf *out, struct err *e)
{
	const char *dir = getenv("TMPDIR");
	struct buf path = BUF_INIT;
	buf_addf(&path, "%s/itbcp-xlsx-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path.data);
	if (fd < 0) {
		err_set(e, "%s: cannot create a temporary file", path.data);
		buf_release(&path);
		return -1;
	}
	close(fd);

	int rc = -1;
	struct xlsx_book bk = { 0 };
	bk.lang = lang;
	bk.wb = workbook_new(path.data);
	if (!bk.wb) {
		err_set(e, "libxlsxwriter: cannot start a workbook");
		goto out;
	}
	lxw_doc_properties props = { 0 };
	props.title = (char *)title;
	props.comments = (char *)"itbcp";
	time_t created;
	if (doc_fixed_time(&created)) /* else libxlsxwriter stamps the current time */
		props.created = created;
	workbook_set_properties(bk.wb, &props);
	bk.title = workbook_add_format(bk.wb);
	format_set_bold(bk.title);
	format_set_font_size(bk.title, 12);
	if (lang == LANG_JA)
		format_set_font_name(bk.title, "游ゴシック");
	for (size_t i = 0; i < n; i++)
		xlsx_sheet(&bk, tables[i]);
	lxw_error closed = workbook_close(bk.wb);
	if (bk.error || closed != LXW_NO_ERROR) {
		err_set(e, "libxlsxwriter: %s", lxw_strerror(bk.error ? (lxw_error)bk.error : closed));
		goto out;
	}
	rc = read_file(path.data, out, e);
out:
	unlink(path.data);
	for (size_t i = 0; i < bk.n_sheets; i++)
		free(bk.sheet_names[i]);
	free(bk.sheet_names);
	buf_release(&path);
	return rc;
}

/* Appends to v (of *n, capacity *cap) the tables of d that what selects
 * from the whole plan's document. */
static void select_tables(const struct doc *d, const char *what, const struct doc_table ***v,
			  size_t *n, size_t *cap)
{
	for (size_t i = 0; i < d->n_blocks; i++) {
		const struct doc_block *b = d->blocks[i];
		if (b->kind != DOC_TABLE)
			continue;
		const char *name = b->table.name;
		bool take;
		if (strcmp(what, "all") == 0)
			take = true;
		else if (strcmp(what, "contacts") == 0)
			take = strcmp(name, "contacts-departments") == 0 ||
			       strcmp(name, "contacts-companies") == 0;
		else if (strcmp(what, "training") == 0)
			take = strncmp(name, "training-", 9) == 0;
		else if (strcmp(what, "budget") == 0)
			take = strcmp(name, "budget-fy") == 0; /* 表3.2 by fiscal year */
		else
			take = strcmp(name, what) == 0;
		if (!take)
			continue;
		*v = xgrow(*v, cap, *n + 1, sizeof **v);
		(*v)[(*n)++] = &b->table;
	}
}

int render_xlsx_buf(const struct plan *p, const char *what, const struct render_opts *o,
		    struct buf *out, struct err *e)
{
	size_t k = 0, t = 0;
	while (xlsx_names[k] && strcmp(xlsx_names[k], what) != 0)
		k++;
	while (render_table_names[t] && strcmp(render_table_names[t], what) != 0)
		t++;
	if (!xlsx_names[k] && !render_table_names[t])
		return err_set(e, L(o->lang, "xlsx: 「%s」という表はありません", "xlsx: no table '%s'"),
			       what);
	/* the whole document for the tables in the plan's chapters; the risk
	 * register and the budget items are registers of their own
	 * (`render table risks|budget`), built alone */
	struct doc docs[4];
	size_t n_docs = 1;
	plan_doc_build(p, o, &docs[0]);
	const struct doc_table **tables = NULL;
	size_t n = 0, cap = 0;
	select_tables(&docs[0], what, &tables, &n, &cap);
	/* and any other table of `render table NAME` (rto, systems) alone */
	static const char *const registers[] = { "risks", "budget", NULL };
	for (size_t r = 0; r < 3; r++) {
		const char *name = registers[r];
		if (!name && !xlsx_names[k] && n == 0)
			name = what;
		if (!name || (strcmp(what, "all") != 0 && strcmp(what, name) != 0))
			continue;
		if (plan_doc_table(p, o, name, &docs[n_docs]) != 0) {
			doc_release(&docs[n_docs]);
			continue;
		}
		const struct doc_table *one = doc_find_table(&docs[n_docs], name);
		n_docs++;
		if (one) {
			tables = xgrow(tables, &cap, n + 1, sizeof *tables);
			tables[n++] = one;
		}
	}
	int rc;
	if (n == 0)
		rc = err_set(e, L(o->lang, "xlsx: 計画に「%s」の表がありません",
				  "xlsx: the plan has no '%s' table"),
			     what);
	else
		rc = render_xlsx_tables(tables, n, docs[0].meta.title, o->lang, out, e);
	free(tables);
	for (size_t i = 0; i < n_docs; i++)
		doc_release(&docs[i]);
	return rc;
}

int render_xlsx(const struct plan *p, const char *what, const struct render_opts *o,
		const char *path, struct err *e)
{
	struct buf out = BUF_INIT;
	int rc = render_xlsx_buf(p, what, o, &out, e);
	if (rc == 0)
		rc = write_file_atomic(path, out.data, out.len, e);
	buf_release(&out);
	return rc;
}
