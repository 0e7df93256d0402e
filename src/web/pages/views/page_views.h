/*
 * page_views.h — what the views (page_views*.c) share with the dashboard
 * (page_dashboard.c) and the incident pages: each view as one <section>
 * that another page can embed, and the small helpers they have in common.
 * The handlers of /views/ are declared in page.h with the route table's
 * others.
 */
#ifndef ITBCP_WEB_PAGES_VIEWS_PAGE_VIEWS_H
#define ITBCP_WEB_PAGES_VIEWS_PAGE_VIEWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "web/core/req.h"

struct paging;
struct plan;
struct system;

/* Each writes one <section> with its <h2>; limit 0 shows everything, else
 * at most limit rows with a link to the whole view under /views/. */
void page_views_findings_section(struct req *r, const struct plan *p, size_t limit, bool with_info);
/* The same section as one page of the findings that match pg's search
 * (/views/findings), counts of all findings above, the pager below. */
void page_views_findings_page(struct req *r, const struct plan *p, const struct paging *pg);
/* How many findings (with information) match pg's search, for
 * paging_count before the page is written. */
size_t page_views_findings_matching(struct req *r, const struct plan *p, const struct paging *pg);
/* The tier board: per tier its count and its in-scope systems, the nearest
 * RTO first; limit 0 names them all, else at most limit per tier and a
 * link to the rest (/plan/systems?tier=X). */
void page_views_tiers_section(struct req *r, const struct plan *p, size_t limit);
/* The heat map of event_id (NULL: page_views_default_event). */
void page_views_gaps_section(struct req *r, const struct plan *p, const char *event_id, size_t limit);
/* The same as one page of the systems that match pg's search (/views/gaps);
 * pg NULL: as page_views_gaps_section. */
void page_views_gaps_page(struct req *r, const struct plan *p, const char *event_id, size_t limit,
			  const struct paging *pg);
/* How many systems of the heat map of event_id match pg's search. */
size_t page_views_gaps_matching(const struct plan *p, const char *event_id, const struct paging *pg);
void page_views_budget_section(struct req *r, const struct plan *p);
/* The month grid of fiscal year fy (NO_VALUE: page_views_training_default_fy);
 * nav adds links to the years before and after. */
void page_views_training_section(struct req *r, const struct plan *p, int64_t fy, bool nav);
void page_views_dependencies_section(struct req *r, const struct plan *p, size_t limit);
/* The first event of kind "disaster", else the first; NULL when none. */
const char *page_views_default_event(const struct plan *p);
/* This fiscal year when it has trainings or markers, else the nearest that has. */
int64_t page_views_training_default_fy(const struct plan *p);
/* A system's name for people (its id when it has none). */
const char *page_views_system_name(struct req *r, const struct system *s);
/* "12,345千円" / "¥12,345k", in r's arena. */
const char *page_views_kyen(struct req *r, int64_t kyen);

#endif
