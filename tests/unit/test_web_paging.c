/*
 * test_web_paging.c — a list's search (web/core/paging.h): the prepared
 * index answers exactly as paging_match does on each of a row's texts
 * (ASCII letters in any case, other bytes as they are, never across two
 * texts), on random rows and searches; the search from one matching row
 * to the next (paging_index_next) skips a row when its pairs of bytes rule
 * the search out and still answers exactly the first row, from any row
 * on, that paging_index_match accepts (rows without any text, empty
 * texts, searches of one to four pieces); and a search's page has a cache
 * key of its own kind, so the cache keeps only the last few.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "web/core/cache.h"
#include "web/core/paging.h"
#include "web/core/req.h"

/* Bytes the texts and searches are made of: letters in both cases, digits,
 * a space, a hyphen, ア (E3 82 A2), Ａ (EF BC A1) and two lone bytes of
 * them. */
static const char *const pieces[] = { "a", "A", "b", "Z", "z", "0", "1", "2", " ", "-",
				      "\xe3\x82\xa2", "\xef\xbc\xa1", "\xe3", "\xa2" };
#define N_PIECES (sizeof pieces / sizeof pieces[0])

static unsigned long long seed = 42;
static unsigned rnd(unsigned n)
{
	seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)(seed >> 33) % n;
}

/* 1 to max pieces (0 to max when may_be_empty) into out. */
static void random_text(char *out, size_t cap, unsigned max, bool may_be_empty)
{
	unsigned n = may_be_empty ? rnd(max + 1) : 1 + rnd(max);
	size_t len = 0;
	for (unsigned i = 0; i < n; i++) {
		const char *p = pieces[rnd(N_PIECES)];
		size_t k = strlen(p);
		if (len + k < cap) {
			memcpy(out + len, p, k);
			len += k;
		}
	}
	out[len] = '\0';
}

/* pg read from ?q=q as a request would (paging_read), in r. */
static void read_search(struct req *r, struct paging *pg, const char *q)
{
	req_release(r);
	req_init(r, NULL);
	req_kv_add(r, &r->query, "q", q);
	assert_int_equal(paging_read(r, pg), 0);
}

static void test_index_matches_as_paging_match(void **state)
{
	(void)state;
	enum { ROWS = 300, TEXTS = 4, SEARCHES = 300 };
	static char text[ROWS][TEXTS][40];
	static bool null_text[ROWS][TEXTS];
	struct paging_index x = PAGING_INDEX_INIT;
	for (size_t i = 0; i < ROWS; i++) {
		for (size_t t = 0; t < TEXTS; t++) {
			random_text(text[i][t], sizeof text[i][t], 8, true);
			null_text[i][t] = rnd(10) == 0;
			paging_index_text(&x, null_text[i][t] ? NULL : text[i][t]);
		}
		paging_index_row(&x);
	}
	assert_int_equal(x.n, ROWS);
	struct req r;
	req_init(&r, NULL);
	size_t hits = 0, misses = 0;
	for (size_t s = 0; s < SEARCHES; s++) {
		char q[40];
		do
			random_text(q, sizeof q, 3, true);
		while (!q[strspn(q, " ")]); /* blank is no search */
		struct paging pg;
		read_search(&r, &pg, q);
		assert_non_null(pg.q);
		for (size_t i = 0; i < ROWS; i++) {
			bool want = false;
			for (size_t t = 0; t < TEXTS; t++)
				want = want || paging_match(&pg, null_text[i][t] ? NULL : text[i][t]);
			if (paging_index_match(&x, i, &pg) != want)
				fail_msg("row %zu, search \"%s\": index %d, paging_match %d", i, q, !want, want);
			hits += want;
			misses += !want;
		}
	}
	/* both answers occur often, or the comparison proved little */
	assert_true(hits > 1000 && misses > 1000);
	/* never across two texts: "a" ends one text, "b" starts the next */
	struct paging_index y = PAGING_INDEX_INIT;
	paging_index_text(&y, "xa");
	paging_index_text(&y, "bx");
	paging_index_row(&y);
	paging_index_text(&y, "XAB");
	paging_index_row(&y);
	struct paging pg;
	read_search(&r, &pg, "ab");
	assert_false(paging_index_match(&y, 0, &pg));
	assert_true(paging_index_match(&y, 1, &pg));
	assert_false(paging_index_match(&y, 2, &pg)); /* no such row */
	read_search(&r, &pg, "  "); /* blank: no search, every row */
	assert_null(pg.q);
	assert_true(paging_index_match(&y, 0, &pg));
	paging_index_release(&y);
	paging_index_release(&x);
	paging_index_free(NULL);
	req_release(&r);
}

/* A search's page is kept under a key of its own kind (the cache keeps the
 * last CACHE_SEARCH_MAX of them); a page without one is not. */
/* The first row from `from` on that paging_index_match accepts, or x->n. */
static size_t first_match(const struct paging_index *x, size_t from, const struct paging *pg)
{
	while (from < x->n && !paging_index_match(x, from, pg))
		from++;
	return from;
}

static void test_next_as_index_match(void **state)
{
	(void)state;
	enum { ROWS = 400, SEARCHES = 400 };
	struct paging_index x = PAGING_INDEX_INIT;
	for (size_t i = 0; i < ROWS; i++) {
		/* one row in eight has no text at all (the last rows too) */
		size_t texts = rnd(8) == 0 || i >= ROWS - 3 ? 0 : 1 + rnd(4);
		for (size_t t = 0; t < texts; t++) {
			char text[48];
			random_text(text, sizeof text, 10, true);
			paging_index_text(&x, rnd(10) == 0 ? NULL : text);
		}
		paging_index_row(&x);
	}
	assert_int_equal(x.n, ROWS);
	struct req r;
	req_init(&r, NULL);
	size_t matched = 0, skipped = 0;
	for (size_t s = 0; s < SEARCHES; s++) {
		char q[48];
		do
			random_text(q, sizeof q, 4, false);
		while (!q[strspn(q, " ")]); /* blank is no search */
		struct paging pg;
		read_search(&r, &pg, q);
		assert_non_null(pg.q);
		for (size_t from = 0; from <= ROWS; from++) {
			size_t want = first_match(&x, from, &pg),
			       got = paging_index_next(&x, from, &pg);
			if (got != want)
				fail_msg("search \"%s\" from row %zu: next %zu, index_match %zu", q,
					 from, got, want);
			matched += want < ROWS && want == from;
			skipped += want > from;
		}
	}
	/* both rows that match and rows passed over occur often */
	assert_true(matched > 1000 && skipped > 1000);
	/* without a search every row is next; an empty index has none */
	struct paging pg;
	read_search(&r, &pg, " ");
	assert_null(pg.q);
	assert_int_equal(paging_index_next(&x, 5, &pg), 5);
	struct paging_index empty = PAGING_INDEX_INIT;
	read_search(&r, &pg, "ab");
	assert_int_equal(paging_index_next(&empty, 0, &pg), 0);
	paging_index_release(&x);
	req_release(&r);
}

static void test_cache_key(void **state)
{
	(void)state;
	struct req r;
	req_init(&r, NULL);
	struct paging pg;
	read_search(&r, &pg, "Sato");
	const char *k = paging_cache_key(&r, &pg, "list:people:0");
	assert_string_equal(k, CACHE_SEARCH_PREFIX "list:people:0:ja:q=Sato&");
	req_release(&r);
	req_init(&r, NULL);
	req_kv_add(&r, &r.query, "page", "2");
	assert_int_equal(paging_read(&r, &pg), 0);
	assert_string_equal(paging_cache_key(&r, &pg, "list:people:0"), "list:people:0:ja:page=2&");
	req_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_index_matches_as_paging_match),
		cmocka_unit_test(test_next_as_index_match),
		cmocka_unit_test(test_cache_key),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
