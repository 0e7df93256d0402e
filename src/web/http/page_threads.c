/*
 * page_threads.c — the page threads (page_threads.h): one FIFO queue
 * under a mutex, n threads taking from it.
 *
 * The threads block SIGINT and SIGTERM like every thread of the server
 * (they inherit the mask of web_serve, which waits for those itself).
 * Each thread opens its own database connection on its first page
 * (web_thread_store), closed when the thread ends.
 */
#include "web/http/page_threads.h"

#include <pthread.h>
#include <stdlib.h>
#include <sys/prctl.h>

#include "util/xalloc.h"

struct page_threads {
	pthread_mutex_t mu;
	pthread_cond_t wake;        /* something queued, or draining */
	struct page_job *head, *tail;
	bool draining;              /* no more submits; finish the queue */
	bool joined;                /* a drain has joined the threads */
	unsigned long runs;
	unsigned n;
	pthread_t *threads;
};

/* A page thread: runs jobs until drained and the queue is empty. */
static void *page_main(void *arg)
{
	struct page_threads *p = arg;
	prctl(PR_SET_NAME, "itbcp-page"); /* as top -H and perf show it */
	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (!p->head && !p->draining)
			pthread_cond_wait(&p->wake, &p->mu);
		struct page_job *job = p->head;
		if (!job)
			break; /* draining and nothing left */
		p->head = job->next;
		if (!p->head)
			p->tail = NULL;
		p->runs++;
		pthread_mutex_unlock(&p->mu);
		job->run(job); /* the job may be gone once this returns */
		pthread_mutex_lock(&p->mu);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* See page_threads.h. */
int page_threads_start(struct page_threads **out, unsigned n, struct err *e)
{
	if (n < 1)
		n = 1;
	struct page_threads *p = xcalloc(1, sizeof *p);
	p->threads = xcalloc(n, sizeof *p->threads);
	p->n = n;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->wake, NULL);
	for (unsigned i = 0; i < n; i++)
		if (pthread_create(&p->threads[i], NULL, page_main, p) != 0) {
			p->n = i; /* the ones started are ended and joined */
			page_threads_free(p);
			return err_set(e, "cannot start page thread %u of %u", i + 1, n);
		}
	*out = p;
	return 0;
}

/* See page_threads.h. */
bool page_threads_submit(struct page_threads *p, struct page_job *job)
{
	job->next = NULL;
	pthread_mutex_lock(&p->mu);
	bool ok = !p->draining;
	if (ok) {
		if (p->tail)
			p->tail->next = job;
		else
			p->head = job;
		p->tail = job;
		pthread_cond_signal(&p->wake);
	}
	pthread_mutex_unlock(&p->mu);
	return ok;
}

/* See page_threads.h. */
void page_threads_drain(struct page_threads *p)
{
	pthread_mutex_lock(&p->mu);
	p->draining = true;
	bool join = !p->joined;
	p->joined = true;
	pthread_cond_broadcast(&p->wake);
	pthread_mutex_unlock(&p->mu);
	if (join)
		for (unsigned i = 0; i < p->n; i++)
			pthread_join(p->threads[i], NULL);
}

/* See page_threads.h. */
void page_threads_free(struct page_threads *p)
{
	if (!p)
		return;
	page_threads_drain(p);
	pthread_cond_destroy(&p->wake);
	pthread_mutex_destroy(&p->mu);
	free(p->threads);
	free(p);
}

/* See page_threads.h. */
unsigned long page_threads_runs(struct page_threads *p)
{
	pthread_mutex_lock(&p->mu);
	unsigned long n = p->runs;
	pthread_mutex_unlock(&p->mu);
	return n;
}
