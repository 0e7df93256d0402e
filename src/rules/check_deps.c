/*
 * check_deps.c — the dependency graph between systems (§5.3, 表5.3-2's
 * recovery order): check 16 of plan_check(), a cycle of dependencies.
 *
 * Check 3 (check_systems.c) compares the RTOs of each dependency; a
 * cycle is wrong whatever the RTOs, since no system of it can come back
 * before the others, so it has a check of its own.  The graph is walked
 * once (Tarjan's strongly connected components, iterative: a plan may
 * have hundreds of systems in a chain), in O(systems + dependencies).
 */
#include <stdlib.h>

#include "rules/check_internal.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* One dependency as positions in the plan's systems. */
struct edge {
	size_t from, to;
	size_t dep; /* position in system_dependencies */
};

/* qsort order: by from, then plan order. */
static int edge_cmp(const void *va, const void *vb)
{
	const struct edge *a = va, *b = vb;
	if (a->from != b->from)
		return (a->from > b->from) - (a->from < b->from);
	return (a->dep > b->dep) - (a->dep < b->dep);
}

/* The graph: edges sorted by from, first[v] .. first[v + 1] those of v. */
struct graph {
	size_t n;
	struct edge *e;
	size_t ne;
	size_t *first;
};

/* Builds the graph of p's dependencies between known systems. */
static void graph_init(struct graph *g, const struct check_ctx *c)
{
	const struct plan *p = c->p;
	g->n = p->n_systems;
	g->e = xcalloc(p->n_system_dependencies + 1, sizeof *g->e);
	g->ne = 0;
	for (size_t i = 0; i < p->n_system_dependencies; i++) {
		const struct system_dependency *d = &p->system_dependencies[i];
		const struct system *s = check_system_of(c, d->system),
				    *t = check_system_of(c, d->depends_on);
		if (s && t)
			g->e[g->ne++] = (struct edge){ check_sys_ix(c, s), check_sys_ix(c, t), i };
	}
	qsort(g->e, g->ne, sizeof *g->e, edge_cmp);
	g->first = xcalloc(g->n + 1, sizeof *g->first);
	for (size_t k = 0, v = 0; v <= g->n; v++) {
		while (k < g->ne && g->e[k].from < v)
			k++;
		g->first[v] = k;
	}
}

static void graph_release(struct graph *g)
{
	free(g->e);
	free(g->first);
}

/* Tarjan's components: comp[v] is v's component number; components are
 * numbered in the order they complete. */
static void components(const struct graph *g, size_t *comp)
{
	size_t n = g->n, counter = 0, ncomp = 0, sp = 0, cp = 0;
	size_t *index = xcalloc(n + 1, sizeof *index), *low = xcalloc(n + 1, sizeof *low);
	size_t *stack = xcalloc(n + 1, sizeof *stack), *call = xcalloc(n + 1, sizeof *call);
	size_t *next = xcalloc(n + 1, sizeof *next);
	bool *on = xcalloc(n + 1, sizeof *on);
	for (size_t v = 0; v < n; v++)
		index[v] = SIZE_MAX;
	for (size_t root = 0; root < n; root++) {
		if (index[root] != SIZE_MAX)
			continue;
		call[cp++] = root;
		index[root] = low[root] = counter++;
		next[root] = g->first[root];
		stack[sp++] = root;
		on[root] = true;
		while (cp) {
			size_t v = call[cp - 1];
			if (next[v] < g->first[v + 1]) {
				size_t w = g->e[next[v]++].to;
				if (index[w] == SIZE_MAX) {
					index[w] = low[w] = counter++;
					next[w] = g->first[w];
					stack[sp++] = w;
					on[w] = true;
					call[cp++] = w;
				} else if (on[w] && index[w] < low[v]) {
					low[v] = index[w];
				}
				continue;
			}
			cp--;
			if (cp && low[v] < low[call[cp - 1]])
				low[call[cp - 1]] = low[v];
			if (low[v] == index[v]) {
				size_t w;
				do {
					w = stack[--sp];
					on[w] = false;
					comp[w] = ncomp;
				} while (w != v);
				ncomp++;
			}
		}
	}
	free(index);
	free(low);
	free(stack);
	free(call);
	free(next);
	free(on);
}

/* A shortest cycle through u inside u's component: path[0] = u, …, the
 * last leads back to u; returns its length (breadth first from u), 0 when
 * no cycle goes through u. */
static size_t cycle_through(const struct graph *g, const size_t *comp, size_t u, size_t *path)
{
	size_t n = g->n;
	size_t *prev = xcalloc(n + 1, sizeof *prev), *queue = xcalloc(n + 1, sizeof *queue);
	for (size_t v = 0; v < n; v++)
		prev[v] = SIZE_MAX;
	size_t head = 0, tail = 0, last = SIZE_MAX;
	queue[tail++] = u;
	prev[u] = u;
	while (head < tail && last == SIZE_MAX) {
		size_t v = queue[head++];
		for (size_t k = g->first[v]; k < g->first[v + 1]; k++) {
			size_t w = g->e[k].to;
			if (w == u) {
				last = v;
				break;
			}
			if (comp[w] == comp[u] && prev[w] == SIZE_MAX) {
				prev[w] = v;
				queue[tail++] = w;
			}
		}
	}
	size_t len = 0;
	if (last == SIZE_MAX)
		goto out;
	for (size_t v = last; v != u; v = prev[v])
		path[len++] = v;
	path[len++] = u;
	for (size_t i = 0; i < len / 2; i++) {
		size_t t = path[i];
		path[i] = path[len - 1 - i];
		path[len - 1 - i] = t;
	}
out:
	free(prev);
	free(queue);
	return len;
}

/* The dependency from → to (its position in system_dependencies). */
static size_t edge_dep(const struct graph *g, size_t from, size_t to)
{
	for (size_t k = g->first[from]; k < g->first[from + 1]; k++)
		if (g->e[k].to == to)
			return g->e[k].dep;
	return SIZE_MAX;
}

/* 16. §5.3: systems that depend on each other in a circle (A → B → A), or
 * a system on itself.  Error whatever the RTOs: none of them can be
 * recovered first, so the recovery order the plan promises cannot be
 * followed.  One finding per circle, named by its shortest cycle through
 * its first system in plan order, the element being that system's first
 * dependency of the cycle. */
void check_dependency_cycles(struct check_ctx *c)
{
	const struct plan *p = c->p;
	struct graph g;
	graph_init(&g, c);
	size_t n = g.n;
	size_t *comp = xcalloc(n + 1, sizeof *comp), *path = xcalloc(n + 1, sizeof *path);
	bool *reported = xcalloc(n + 1, sizeof *reported);
	if (g.ne)
		components(&g, comp);
	for (size_t u = 0; u < n && g.ne; u++) {
		if (reported[comp[u]])
			continue;
		size_t len = cycle_through(&g, comp, u, path);
		if (!len)
			continue;
		reported[comp[u]] = true;
		const struct system *s = &p->systems[u];
		const struct system_dependency *d =
			&p->system_dependencies[edge_dep(&g, u, path[len > 1 ? 1 : 0])];
		struct buf name = BUF_INIT;
		for (size_t i = 0; i <= len; i++)
			buf_addf(&name, "%s%s", i ? " → " : "", p->systems[path[i % len]].name);
		char *el = check_strf("system_dependencies/%s/%s", d->system, d->depends_on);
		if (len == 1)
			check_add(c, SEV_ERROR, "dependency-cycle", "§5.3", el, s->name,
				  check_strf("%s: 自分自身に依存しています（依存関係の誤り）", s->name),
				  check_strf("%s: depends on itself (a mistaken dependency)", s->name));
		else
			check_add(c, SEV_ERROR, "dependency-cycle", "§5.3", el, name.data,
				  check_strf("%s: 依存関係が循環しており、どのシステムも先に復旧"
					     "できません",
					     name.data),
				  check_strf("%s: the dependencies go round in a circle; none of "
					     "these systems can come back first",
					     name.data));
		buf_release(&name);
	}
	free(comp);
	free(path);
	free(reported);
	graph_release(&g);
}
