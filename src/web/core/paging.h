/*
 * paging.h — a long list in pages, with a search box (issue 16 item 16).
 *
 * A list of a large plan (2,000 people, 2,000 assessments) is shown
 * PAGING_SIZE rows at a time: ?page=N picks the page (1 the first), ?q=
 * keeps only the rows whose text contains the words typed.  Both come from
 * outside, so both are checked here, at the edge, before anything is
 * written: a page that is not a number of at most PAGING_PAGE_DIGITS
 * digits, or a search longer than PAGING_QUERY_MAX bytes, is a 400 with a
 * message; a page past the last one a 404.  The pager's links and the
 * search form keep every other query parameter of the request (a list's
 * filters), so paging never drops a filter.
 *
 * A page uses it in three steps: paging_read() before counting, then
 * paging_count() once the matching rows are counted (it refuses a page
 * past the end), then paging_shows() per matching row and paging_nav()
 * after the table.
 */
#ifndef ITBCP_WEB_CORE_PAGING_H
#define ITBCP_WEB_CORE_PAGING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "web/core/req.h"

#define PAGING_SIZE 100      /* rows per page, stated under every pager */
#define PAGING_QUERY_MAX 100 /* bytes of ?q= (about 33 Japanese characters) */
#define PAGING_PAGE_DIGITS 6 /* ?page= up to 999999 */
#define PAGING_SIG_BITS 256  /* a search index's bits per row (paging_index) */

struct paging {
	size_t page;   /* 1-based */
	const char *q; /* the search text, NULL when none (r's query) */
	const char *q_folded; /* q with ASCII letters lower-cased (r's arena) */
	size_t nq;            /* strlen(q) */
	size_t total;  /* matching rows, set by paging_count */
	size_t pages;  /* at least 1 */
};

/* Reads and checks ?page= and ?q= of r into pg.  0, or -1 after answering
 * 400 with a message (the handler then returns 0). */
int paging_read(struct req *r, struct paging *pg);
/* Sets the count of matching rows; 0, or -1 after answering 404 when
 * ?page= is past the last page. */
int paging_count(struct req *r, struct paging *pg, size_t total);
/* True when the match-th matching row (0-based) is on the page shown. */
bool paging_shows(const struct paging *pg, size_t match);
/* True when text contains pg's search text (ASCII letters in any case;
 * always true without a search). */
bool paging_match(const struct paging *pg, const char *text);
/* A list's search text, prepared once per plan revision (kept with
 * cache_obj_put): for each row the texts a search looks in, ASCII letters
 * lower-cased, each ended by a NUL, so that a search is one scan of
 * prepared bytes per row.  paging_index_match answers exactly as
 * paging_match on each of the row's texts would: a search holds no NUL, so
 * a match never spans two texts.  Made with paging_index_text() per text
 * and paging_index_row() after each row; PAGING_INDEX_INIT is empty. */
struct paging_index {
	struct buf text; /* the folded texts, NUL after each */
	size_t *start;   /* row i is text[start[i] .. start[i + 1]) */
	size_t n, cap;   /* rows */
	/* Per row, a bit for each pair of adjacent bytes in one of its texts
	 * (hashed to PAGING_SIG_BITS): a row lacking a bit of the search's
	 * pairs cannot contain it, and is passed over without reading its
	 * text.  sig[0 .. nsig) are made (zero: a row without texts). */
	uint64_t (*sig)[PAGING_SIG_BITS / 64];
	size_t nsig, sig_cap;
};
#define PAGING_INDEX_INIT { BUF_INIT, NULL, 0, 0, NULL, 0, 0 }

/* Adds text (NULL: nothing, as paging_match finds nothing in it) to the
 * row being made. */
void paging_index_text(struct paging_index *x, const char *text);
/* Ends the row being made (the next text starts row x->n). */
void paging_index_row(struct paging_index *x);
/* True when row i of x has a text that contains pg's search (always true
 * without a search). */
bool paging_index_match(const struct paging_index *x, size_t i, const struct paging *pg);
/* The first row from `from` on (from <= x->n) that has a text containing
 * pg's search, or x->n when none: exactly the first i >= from for which
 * paging_index_match(x, i, pg) is true (without a search: from).  Rows
 * whose pairs of bytes rule the search out are skipped unread. */
size_t paging_index_next(const struct paging_index *x, size_t from, const struct paging *pg);
/* The bytes x holds, for the cache's count. */
size_t paging_index_bytes(const struct paging_index *x);
void paging_index_release(struct paging_index *x);
/* Releases and frees x (a cache_obj_put destructor); NULL is harmless. */
void paging_index_free(void *x);

/* The search form (GET to path, the other query parameters kept as hidden
 * fields), labelled with what is searched. */
void paging_search_form(struct req *r, const struct paging *pg, const char *path, const char *searched);
/* The cache key (cache.h) of a page of a list under prefix: r's language
 * and every query parameter but the one-shot notices; with a search it
 * starts with CACHE_SEARCH_PREFIX, so the cache keeps only the last few
 * searches (free text would crowd the pages out).  r's arena. */
const char *paging_cache_key(struct req *r, const struct paging *pg, const char *prefix);
/* "101–200 / 2,000件（100件ずつ）" and the links to the first, previous,
 * next and last pages (path with the other query parameters kept). */
void paging_nav(struct req *r, const struct paging *pg, const char *path);

#endif
