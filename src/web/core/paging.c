/*
 * paging.c — a long list in pages, with a search box (paging.h).
 */
#include "web/core/paging.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/xalloc.h"
#include "web/core/cache.h"
#include "web/core/html.h"
#include "web/core/route.h"
#include "web/core/url.h"

/* The query parameters a pager's link drops: its own, and the one-shot
 * notices of a list ("deleted", "moved") that must not follow the reader. */
static bool dropped(const char *name, bool keep_q)
{
	return !strcmp(name, "page") || (!keep_q && !strcmp(name, "q")) ||
	       !strcmp(name, "deleted") || !strcmp(name, "moved");
}

/* ASCII lower case of c; other bytes as they are. */
static unsigned char fold(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

int paging_read(struct req *r, struct paging *pg)
{
	*pg = (struct paging){ .page = 1, .pages = 1 };
	const char *q = req_query(r, "q");
	if (q && strlen(q) > PAGING_QUERY_MAX) {
		route_error(r, 400,
			    arena_printf(&r->arena,
					 L(r->lang, "検索語が長すぎます（%d バイトまで）。",
					   "The search text is too long (at most %d bytes)."),
					 PAGING_QUERY_MAX));
		return -1;
	}
	if (q && q[strspn(q, " \t")]) { /* blank is no search */
		pg->q = q;
		pg->nq = strlen(q);
		char *f = arena_strdup(&r->arena, q);
		for (size_t i = 0; f[i]; i++)
			f[i] = (char)fold((unsigned char)f[i]);
		pg->q_folded = f;
	}
	const char *s = req_query(r, "page");
	if (!s)
		return 0;
	size_t n = strlen(s);
	if (n == 0 || n > PAGING_PAGE_DIGITS || strspn(s, "0123456789") != n || s[0] == '0') {
		route_error(r, 400,
			    L(r->lang, "page には 1 以上の整数（6桁まで）を指定してください。",
			      "page must be a whole number from 1 (at most 6 digits)."));
		return -1;
	}
	size_t v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (size_t)(s[i] - '0');
	pg->page = v;
	return 0;
}

int paging_count(struct req *r, struct paging *pg, size_t total)
{
	pg->total = total;
	pg->pages = total ? (total + PAGING_SIZE - 1) / PAGING_SIZE : 1;
	if (pg->page > pg->pages) {
		route_error(r, 404,
			    arena_printf(&r->arena,
					 L(r->lang, "%zu ページ目はありません（全 %zu ページ）。",
					   "There is no page %zu (%zu pages in all)."),
					 pg->page, pg->pages));
		return -1;
	}
	return 0;
}

bool paging_shows(const struct paging *pg, size_t match)
{
	return match / PAGING_SIZE + 1 == pg->page;
}


bool paging_match(const struct paging *pg, const char *text)
{
	if (!pg->q)
		return true;
	if (!text)
		return false;
	const char *q = pg->q;
	size_t nq = strlen(q), nt = strlen(text);
	for (size_t i = 0; i + nq <= nt; i++) {
		size_t k = 0;
		while (k < nq && fold((unsigned char)text[i + k]) == fold((unsigned char)q[k]))
			k++;
		if (k == nq)
			return true;
	}
	return false;
}

/* The bit of a row's signature for the adjacent bytes a, b (Fibonacci
 * hashing of the pair). */
static unsigned pair_bit(unsigned char a, unsigned char b)
{
	uint32_t h = ((uint32_t)a << 8 | b) * UINT32_C(0x9E3779B1);
	return h >> (32 - 8) & (PAGING_SIG_BITS - 1);
}

/* The signature of the row being made (row x->n), zeroed when new. */
static uint64_t *row_sig(struct paging_index *x)
{
	if (x->nsig <= x->n) {
		x->sig = xgrow(x->sig, &x->sig_cap, x->n + 1, sizeof *x->sig);
		memset(x->sig + x->nsig, 0, (x->n + 1 - x->nsig) * sizeof *x->sig);
		x->nsig = x->n + 1;
	}
	return x->sig[x->n];
}

void paging_index_text(struct paging_index *x, const char *text)
{
	if (!text)
		return;
	size_t at = x->text.len;
	buf_adds(&x->text, text);
	uint64_t *sig = row_sig(x);
	for (size_t i = at; i < x->text.len; i++) {
		x->text.data[i] = (char)fold((unsigned char)x->text.data[i]);
		if (i > at) {
			unsigned bit = pair_bit((unsigned char)x->text.data[i - 1],
						(unsigned char)x->text.data[i]);
			sig[bit / 64] |= UINT64_C(1) << (bit % 64);
		}
	}
	buf_addc(&x->text, '\0'); /* the buffer keeps its own NUL after this one */
}

void paging_index_row(struct paging_index *x)
{
	/* start[0] is 0; start[n] is where row n - 1 ends */
	x->start = xgrow(x->start, &x->cap, x->n + 2, sizeof *x->start);
	if (x->n == 0)
		x->start[0] = 0;
	x->start[++x->n] = x->text.len;
}

bool paging_index_match(const struct paging_index *x, size_t i, const struct paging *pg)
{
	if (!pg->q)
		return true;
	if (i >= x->n)
		return false;
	/* each place the search's first byte is, then the rest compared */
	const char *t = x->text.data + x->start[i], *end = x->text.data + x->start[i + 1];
	const char *q = pg->q_folded;
	size_t nq = pg->nq;
	while ((size_t)(end - t) >= nq && (t = memchr(t, q[0], (size_t)(end - t) - nq + 1))) {
		if (memcmp(t + 1, q + 1, nq - 1) == 0)
			return true;
		t++;
	}
	return false;
}

size_t paging_index_next(const struct paging_index *x, size_t from, const struct paging *pg)
{
	if (!pg->q)
		return from;
	/* the search's pairs: a row that contains the search has them all */
	uint64_t want[PAGING_SIG_BITS / 64] = { 0 };
	const unsigned char *q = (const unsigned char *)pg->q_folded;
	for (size_t k = 1; k < pg->nq; k++) {
		unsigned bit = pair_bit(q[k - 1], q[k]);
		want[bit / 64] |= UINT64_C(1) << (bit % 64);
	}
	for (size_t i = from; i < x->n; i++) {
		if (pg->nq > 1) {
			if (i >= x->nsig)
				continue; /* no text: no pair */
			bool maybe = true;
			for (size_t w = 0; w < PAGING_SIG_BITS / 64; w++)
				maybe = maybe && (x->sig[i][w] & want[w]) == want[w];
			if (!maybe)
				continue;
		}
		if (paging_index_match(x, i, pg))
			return i;
	}
	return x->n;
}

size_t paging_index_bytes(const struct paging_index *x)
{
	return x->text.cap + x->cap * sizeof *x->start + x->sig_cap * sizeof *x->sig + sizeof *x;
}

void paging_index_release(struct paging_index *x)
{
	buf_release(&x->text);
	free(x->start);
	free(x->sig);
	*x = (struct paging_index)PAGING_INDEX_INIT;
}

void paging_index_free(void *x)
{
	if (!x)
		return;
	paging_index_release(x);
	free(x);
}

/* path?<kept parameters>&page=n (r's arena); the search kept when keep_q. */
static const char *page_url(struct req *r, const char *path, size_t n, bool keep_q)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, path);
	char sep = '?';
	for (size_t i = 0; i < r->query.n; i++) {
		if (dropped(r->query.v[i].name, keep_q))
			continue;
		buf_addc(&b, sep);
		sep = '&';
		url_encode_buf(&b, r->query.v[i].name, URL_UNRESERVED);
		buf_addc(&b, '=');
		url_encode_buf(&b, r->query.v[i].value, URL_UNRESERVED);
	}
	if (n > 1)
		buf_addf(&b, "%cpage=%zu", sep, n);
	const char *s = arena_strdup(&r->arena, b.data);
	buf_release(&b);
	return s;
}

void paging_search_form(struct req *r, const struct paging *pg, const char *path, const char *searched)
{
	html(r, "<form method=\"get\" action=\"%s\" class=\"search\" role=\"search\">", path);
	for (size_t i = 0; i < r->query.n; i++)
		if (!dropped(r->query.v[i].name, false))
			html(r, "<input type=\"hidden\" name=\"%s\" value=\"%s\">",
			     r->query.v[i].name, r->query.v[i].value);
	html(r,
	     "<label>%s <input type=\"search\" name=\"q\" value=\"%s\" maxlength=\"%d\"></label> "
	     "<button type=\"submit\" class=\"minor\">%s</button>",
	     searched, pg->q ? pg->q : "", PAGING_QUERY_MAX / 3, L(r->lang, "検索", "Search"));
	if (pg->q)
		html(r, " <a href=\"%s\">%s</a>", page_url(r, path, 1, false),
		     L(r->lang, "検索を解除", "Clear"));
	html(r, "</form>\n");
}

/* One link of the pager, or its text alone when it leads nowhere. */
static void paging_nav_link(struct req *r, const char *path, size_t n, bool live, const char *text,
			    const char *rel)
{
	if (live)
		html(r, " <a href=\"%s\" rel=\"%s\">%s</a>", page_url(r, path, n, true), rel, text);
	else
		html(r, " <span aria-disabled=\"true\">%s</span>", text);
}

void paging_nav(struct req *r, const struct paging *pg, const char *path)
{
	size_t from = pg->total ? (pg->page - 1) * PAGING_SIZE + 1 : 0;
	size_t to = pg->page * PAGING_SIZE < pg->total ? pg->page * PAGING_SIZE : pg->total;
	html(r, "<nav class=\"pager\" aria-label=\"%s\"><p>", L(r->lang, "ページ", "Pages"));
	if (pg->total)
		html(r, L(r->lang, "%zu–%zu件目 / 全%zu件（%d件ずつ表示）", "%zu–%zu of %zu (%d a page)"),
		     from, to, pg->total, PAGING_SIZE);
	else
		html(r, "%s", L(r->lang, "0件", "none"));
	if (pg->q)
		html(r, L(r->lang, "・「%s」を含むもの", ", containing “%s”"), pg->q);
	html(r, "</p>");
	if (pg->pages > 1) {
		html(r, "<p>");
		paging_nav_link(r, path, 1, pg->page > 1, L(r->lang, "« 最初", "« First"), "first");
		paging_nav_link(r, path, pg->page - 1, pg->page > 1,
				L(r->lang, "‹ 前へ", "‹ Previous"), "prev");
		html(r, L(r->lang, " %zu / %zu ページ ", " page %zu of %zu "), pg->page, pg->pages);
		paging_nav_link(r, path, pg->page + 1, pg->page < pg->pages,
				L(r->lang, "次へ ›", "Next ›"), "next");
		paging_nav_link(r, path, pg->pages, pg->page < pg->pages,
				L(r->lang, "最後 »", "Last »"), "last");
		html(r, "</p>");
	}
	html(r, "</nav>\n");
}

const char *paging_cache_key(struct req *r, const struct paging *pg, const char *prefix)
{
	struct buf b = BUF_INIT;
	buf_addf(&b, "%s%s:%s:", pg->q ? CACHE_SEARCH_PREFIX : "", prefix,
		 r->lang == LANG_EN ? "en" : "ja");
	for (size_t i = 0; i < r->query.n; i++) {
		if (!strcmp(r->query.v[i].name, "deleted") || !strcmp(r->query.v[i].name, "moved"))
			continue;
		url_encode_buf(&b, r->query.v[i].name, URL_UNRESERVED);
		buf_addc(&b, '=');
		url_encode_buf(&b, r->query.v[i].value, URL_UNRESERVED);
		buf_addc(&b, '&');
	}
	const char *s = arena_strdup(&r->arena, b.data);
	buf_release(&b);
	return s;
}
