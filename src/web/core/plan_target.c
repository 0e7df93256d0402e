/* plan_target.c — the kind, plan and element a plan handler works on
 * (plan_target.h). */
#include "web/core/plan_target.h"

#include "store/element_store.h"
#include "store/store.h"
#include "util/lang.h"
#include "web/core/auth.h"
#include "web/core/form.h"

bool plan_target_kind(struct req *r, const struct plan_target_style *s, struct plan_target *t)
{
	*t = (struct plan_target){ 0 };
	t->e = form_kind(r->params[0]);
	if (!t->e) {
		s->refuse(r, 404, L(r->lang, s->no_kind_ja, s->no_kind_en));
		return false;
	}
	t->p = store_plan_cached(r->store, &r->err);
	if (!t->p) {
		t->rc = -1;
		return false;
	}
	return true;
}

bool plan_target_find(struct req *r, const struct plan_target_style *s, struct plan_target *t)
{
	t->elem = form_find(t->p, t->e, r->params[1], &t->index);
	if (!t->elem) {
		s->refuse(r, 404, L(r->lang, s->no_element_ja, s->no_element_en));
		t->rc = 0;
		return false;
	}
	return true;
}

bool plan_target_element(struct req *r, const struct plan_target_style *s, struct plan_target *t)
{
	return plan_target_kind(r, s, t) && plan_target_find(r, s, t);
}

int plan_target_store(struct req *r, const struct plan_target *t, const void *elem,
		      struct err *err)
{
	struct buf summary = BUF_INIT;
	int s;
	if (t->elem) {
		form_change_summary(t->e, t->elem, elem, &summary);
		s = element_store_update(r->store, t->p, t->e, t->elem, elem, auth_actor(r),
					 summary.data, r->lang, err);
	} else {
		element_display_name(t->p, t->e, elem, &summary);
		s = element_store_insert(r->store, t->e, elem, auth_actor(r), summary.data, r->lang,
					 err);
	}
	buf_release(&summary);
	return s;
}
