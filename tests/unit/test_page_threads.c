/*
 * test_page_threads.c — web/http/page_threads.h: every job queued runs once;
 * with one thread, in the order queued; a drain runs what is queued
 * before the threads end, and later submits are refused (the server then
 * makes the page itself).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "web/http/page_threads.h"

#define N_JOBS 200

struct counted_job {
	struct page_job job;    /* first: run() gets it back as this */
	int index;
	atomic_int runs;
	int *order;             /* where each run writes its index, in turn */
	atomic_int *next_slot;
	int delay_us;           /* how long run() takes */
};

static void run_counted(struct page_job *job)
{
	struct counted_job *c = (struct counted_job *)job;
	if (c->delay_us) {
		struct timespec ts = { 0, (long)c->delay_us * 1000 };
		nanosleep(&ts, NULL);
	}
	if (c->order)
		c->order[atomic_fetch_add(c->next_slot, 1)] = c->index;
	atomic_fetch_add(&c->runs, 1);
}

static void init_jobs(struct counted_job *jobs, int n, int *order, atomic_int *slot, int delay_us)
{
	for (int i = 0; i < n; i++) {
		jobs[i].job.run = run_counted;
		jobs[i].index = i;
		atomic_init(&jobs[i].runs, 0);
		jobs[i].order = order;
		jobs[i].next_slot = slot;
		jobs[i].delay_us = delay_us;
	}
}

/* One thread: the jobs run in the order they were queued, each once. */
static void one_thread_keeps_order(void **state)
{
	(void)state;
	static struct counted_job jobs[N_JOBS];
	static int order[N_JOBS];
	atomic_int slot;
	atomic_init(&slot, 0);
	init_jobs(jobs, N_JOBS, order, &slot, 0);
	struct page_threads *p = NULL;
	struct err e = ERR_INIT;
	assert_int_equal(page_threads_start(&p, 1, &e), 0);
	for (int i = 0; i < N_JOBS; i++)
		assert_true(page_threads_submit(p, &jobs[i].job));
	page_threads_drain(p);
	assert_int_equal(atomic_load(&slot), N_JOBS);
	for (int i = 0; i < N_JOBS; i++) {
		assert_int_equal(order[i], i);
		assert_int_equal(atomic_load(&jobs[i].runs), 1);
	}
	assert_int_equal(page_threads_runs(p), N_JOBS);
	page_threads_free(p);
}

/* Several threads and slow jobs: the drain returns only once every job
 * queued before it has run, and refuses what comes after. */
static void drain_runs_the_queue_then_refuses(void **state)
{
	(void)state;
	static struct counted_job jobs[40];
	atomic_int slot;
	atomic_init(&slot, 0);
	init_jobs(jobs, 40, NULL, &slot, 2000);
	struct page_threads *p = NULL;
	struct err e = ERR_INIT;
	assert_int_equal(page_threads_start(&p, 3, &e), 0);
	for (int i = 0; i < 39; i++)
		assert_true(page_threads_submit(p, &jobs[i].job));
	page_threads_drain(p);
	for (int i = 0; i < 39; i++)
		assert_int_equal(atomic_load(&jobs[i].runs), 1);
	assert_false(page_threads_submit(p, &jobs[39].job));
	page_threads_drain(p); /* again: nothing to join, no hang */
	assert_int_equal(atomic_load(&jobs[39].runs), 0);
	assert_int_equal(page_threads_runs(p), 39);
	page_threads_free(p);
}

/* Freeing without a drain drains first; freeing NULL is fine. */
static void free_drains(void **state)
{
	(void)state;
	static struct counted_job jobs[10];
	atomic_int slot;
	atomic_init(&slot, 0);
	init_jobs(jobs, 10, NULL, &slot, 1000);
	struct page_threads *p = NULL;
	struct err e = ERR_INIT;
	assert_int_equal(page_threads_start(&p, 2, &e), 0);
	for (int i = 0; i < 10; i++)
		assert_true(page_threads_submit(p, &jobs[i].job));
	page_threads_free(p);
	for (int i = 0; i < 10; i++)
		assert_int_equal(atomic_load(&jobs[i].runs), 1);
	page_threads_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_thread_keeps_order),
		cmocka_unit_test(drain_runs_the_queue_then_refuses),
		cmocka_unit_test(free_drains),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
