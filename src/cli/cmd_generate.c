/*
 * cmd_generate.c — `itbcp test-generate [--systems N] [--people N]
 * [--businesses N] [-o FILE]`, hidden: a large plan for benchmarks.
 *
 * Starts from the demo plan (events, roles, components, target levels,
 * procedures, training) and appends generated departments, people, role
 * holders, systems, priority businesses with the systems they use,
 * assessments of each system and countermeasure steps, until the counts
 * asked for are reached.  Elements are made with schema_append and written
 * with plan_json_write, and the result is read back through the importer's
 * validation before it is written, so the file always imports.  The same
 * counts always give the same bytes (a fixed pseudo-random sequence).
 */
#include "cli/cmd_generate.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/opts.h"
#include "format/plan_json.h"
#include "model/schema.h"
#include "util/buf.h"
#include "util/embedded.h"
#include "util/fileio.h"
#include "util/xalloc.h"

#define N_DEPTS 24

/* A deterministic pseudo-random sequence (LCG, upper bits). */
static unsigned next_rand(unsigned long long *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)(*s >> 33);
}

/* Replaces a string field with a formatted copy. */
__attribute__((format(printf, 2, 3))) static void setf(char **field, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	free(*field);
	*field = buf_detach(&b);
}

/* A fresh element of the kind with JSON key key. */
static void *append(struct plan *p, const char *key)
{
	const struct entity_def *e = schema_entity(key);
	if (!e)
		BUG("no kind %s", key);
	return schema_append(e, p);
}

/* Parses a count option; false when it is not a number in [0, max]. */
static bool count_opt(const char *s, long max, long *out)
{
	if (!s)
		return true;
	char *end;
	long v = strtol(s, &end, 10);
	if (*s == '\0' || *end || v < 0 || v > max)
		return false;
	*out = v;
	return true;
}

static const char *const sys_kinds[] = { "業務管理", "申請受付", "文書管理", "会計", "人事給与",
					 "統計集計", "地図情報", "施設予約", "電子決裁", "Web公開" };
static const char *const rlos[] = { "完全復旧", "平時の70%まで復旧", "平時の50%まで復旧",
				    "参照機能のみ復旧" };
static const char *const components[] = { "hardware", "system_area", "data_area", "contractor" };
static const int64_t rtos[] = { 3, 12, 24, 72, 168, 336 };

/* Appends generated elements to p until the counts are reached. */
static void generate(struct plan *p, long systems, long people, long businesses)
{
	unsigned long long seed = 20260401;
	size_t first_dept = p->n_departments;
	for (int i = 0; i < N_DEPTS; i++) {
		struct department *d = append(p, "departments");
		setf(&d->id, "gen-dept-%02d", i + 1);
		setf(&d->name, "部局%02d 情報システム課", i + 1);
		setf(&d->kind, "it");
		setf(&d->duties, "所管する情報システムの運用管理\n危機的事象発生時の復旧作業");
	}
	/* Crisis roles of the demo, for role holders. */
	const char *crisis[32];
	size_t n_crisis = 0;
	for (size_t i = 0; i < p->n_roles && n_crisis < 32; i++)
		if (strcmp(p->roles[i].structure, "crisis") == 0)
			crisis[n_crisis++] = p->roles[i].id;
	for (long i = (long)p->n_people; i < people; i++) {
		size_t dept = first_dept + (size_t)(i % N_DEPTS);
		struct person *x = append(p, "people");
		setf(&x->id, "gen-p-%05ld", i + 1);
		setf(&x->name, "職員 %05ld", i + 1);
		setf(&x->department, "%s", p->departments[dept].id);
		setf(&x->title, "%s", i % 10 == 0 ? "課長補佐" : i % 3 == 0 ? "係長" : "係員");
		setf(&x->contact_role, "%s", i % 10 == 0 ? "システム運用の統括" : "システム運用");
		setf(&x->phone, "03-%04ld-%04ld", 1000 + i / 1000, i % 10000);
		setf(&x->alt_site_phone, "042-%03ld-%04ld", 100 + i / 1000, i % 10000);
		setf(&x->mobile, "090-%04ld-%04ld", 2000 + i / 1000, i % 10000);
		setf(&x->email, "staff%05ld@example.go.jp", i + 1);
		if (n_crisis && i % 4 == 0) {
			struct role_holder *h = append(p, "role_holders");
			size_t k = (size_t)(i / 4) % n_crisis;
			setf(&h->role, "%s", crisis[k]);
			setf(&h->person, "gen-p-%05ld", i + 1);
			h->rank = 1 + (i / 4 / (long)n_crisis) % 99;
		}
	}
	size_t first_sys = p->n_systems;
	for (long i = (long)p->n_systems; i < systems; i++) {
		size_t dept = first_dept + (size_t)(i % N_DEPTS);
		const char *kind = sys_kinds[i % 10];
		struct system *s = append(p, "systems");
		setf(&s->id, "gen-sys-%04ld", i + 1);
		setf(&s->name, "%sシステム%04ld", kind, i + 1);
		setf(&s->department, "%s", p->departments[dept].id);
		setf(&s->summary, "%sの業務を処理する情報システム（利用者約%u名）", kind,
		     100 + next_rand(&seed) % 5000);
		setf(&s->rlo, "%s", rlos[i % 4]);
		s->rlo_percent = i % 4 == 0 ? 100 : i % 4 == 1 ? 70 : 50;
		setf(&s->risks, "%s", i % 3 ? "機器の冗長化が未実施のため、被災時は復旧に長期間を要する。"
					 : "外部委託先との対応連携が未整備。");
		setf(&s->countermeasures, "%s", i % 3 ? "代替拠点への予備機の配備、バックアップの遠隔地保管"
						 : "SLAの見直し、緊急時連絡体制の確立");
	}
	for (long i = (long)p->n_businesses; i < businesses; i++) {
		size_t dept = first_dept + (size_t)(i % N_DEPTS);
		struct business *b = append(p, "businesses");
		setf(&b->id, "gen-biz-%04ld", i + 1);
		setf(&b->name, "非常時優先業務%04ld（%s関係）", i + 1, sys_kinds[i % 10]);
		setf(&b->department, "%s", p->departments[dept].id);
		setf(&b->environment, "%s", i % 3 == 0 ? "外部委託先" : "省庁内");
		b->rto_hours = rtos[next_rand(&seed) % 6];
		setf(&b->rlo, "平時の%u%%程度の業務遂行", 50 + 10 * (next_rand(&seed) % 6));
		/* Each business uses 2–6 systems, none twice. */
		size_t n_sys = p->n_systems, uses = 2 + next_rand(&seed) % 5;
		size_t start = next_rand(&seed) % n_sys, step = 1 + next_rand(&seed) % 7;
		if (n_sys < uses)
			uses = n_sys;
		for (size_t k = 0; k < uses; k++) {
			size_t sys = (start + k * step) % n_sys;
			bool seen = false;
			for (size_t j = 0; j < k; j++)
				seen |= (start + j * step) % n_sys == sys;
			if (seen)
				continue;
			struct business_system *bs = append(p, "business_systems");
			setf(&bs->business, "gen-biz-%04ld", i + 1);
			setf(&bs->system, "%s", p->systems[sys].id);
			if (k == 0) {
				setf(&bs->alt_means, "%s", "電話及び紙による代替手段");
				bs->alt_hours = 12;
			}
		}
	}
	/* Assessments and countermeasure steps of the generated systems. */
	bool have_disaster = plan_event(p, "disaster") != NULL;
	for (size_t i = first_sys; i < p->n_systems && have_disaster; i++) {
		for (size_t k = 0; k < 4; k++) {
			if (!plan_component(p, components[k]))
				continue;
			struct assessment *a = append(p, "assessments");
			setf(&a->system, "%s", p->systems[i].id);
			setf(&a->event, "disaster");
			setf(&a->component, "%s", components[k]);
			a->current_level = next_rand(&seed) % 3;
			setf(&a->risk, "%s", a->current_level < 2 ? "目標対策レベルに達しておらず、RTO内の復旧が困難。"
								   : "");
		}
		if (i % 5)
			continue;
		struct countermeasure_step *st = append(p, "countermeasure_steps");
		setf(&st->id, "gen-cm-%04zu", i + 1);
		setf(&st->system, "%s", p->systems[i].id);
		st->no = 1;
		st->fy_from = 2026 + (int64_t)(i % 3);
		st->fy_to = st->fy_from + 1;
		setf(&st->contents, "%s", "バックアップの遠隔地保管\n予備機の配備");
		setf(&st->effect, "%s", "被災時もバックアップから復旧できる。");
		setf(&st->residual_risk, "%s", "代替拠点が同時に被災した場合は復旧できない。");
		for (size_t k = 0; k < 2; k++) {
			if (!plan_component(p, components[k]))
				continue;
			struct countermeasure_item *it = append(p, "countermeasure_items");
			setf(&it->id, "gen-ci-%04zu-%zu", i + 1, k);
			setf(&it->step, "gen-cm-%04zu", i + 1);
			setf(&it->event, "disaster");
			setf(&it->measure, "%s", "(1) 大規模災害に備えた現状の情報システムの堅牢化");
			setf(&it->component, "%s", components[k]);
			it->level = 2;
			setf(&it->actions, "%s", k ? "バックアップ方式の見直し" : "予備機の調達");
			it->budget_kyen = 500 + (int64_t)(next_rand(&seed) % 50) * 100;
			setf(&it->owner, "%s", p->systems[i].department);
			setf(&it->owner_note, "%s", "情報システム担当");
		}
	}
}

int cmd_generate(struct cli_ctx *ctx, int argc, char **argv)
{
	const char *s_sys = NULL, *s_people = NULL, *s_biz = NULL, *out = NULL;
	struct opt opts[] = {
		{ "--systems", &s_sys, NULL },
		{ "--people", &s_people, NULL },
		{ "--businesses", &s_biz, NULL },
		{ "-o", &out, NULL },
		{ 0 },
	};
	int r = opts_parse(ctx, argc, argv, opts, NULL, 0, 0);
	if (r)
		return r > 0 ? 0 : 2;
	long systems = 500, people = 2000, businesses = 300;
	if (!count_opt(s_sys, 20000, &systems) || !count_opt(s_people, 200000, &people) ||
	    !count_opt(s_biz, 20000, &businesses)) {
		cli_error(ctx, "%s",
			  L(ctx->lang, "件数が正しくありません", "bad count"));
		return 2;
	}
	const struct embedded_file *demo = embedded_find("demo/demo-plan.json");
	if (!demo)
		BUG("demo plan not embedded");
	struct plan p = PLAN_INIT;
	struct buf errors = BUF_INIT;
	if (plan_json_read((const char *)demo->data, demo->len, "demo", &p, &errors, ctx->lang))
		BUG("demo plan invalid: %s", errors.data);
	generate(&p, systems, people, businesses);
	char *text = plan_json_write(&p);
	plan_release(&p);
	/* Read it back: the file must import. */
	int rc = 0;
	if (plan_json_read(text, strlen(text), "generated", &p, &errors, ctx->lang)) {
		fputs(errors.data, stderr);
		cli_error(ctx, "generated plan invalid");
		rc = 2;
	}
	plan_release(&p);
	buf_release(&errors);
	struct err e = ERR_INIT;
	if (!rc && out && write_file_atomic(out, text, strlen(text), &e)) {
		cli_error(ctx, "%s", e.msg);
		rc = 2;
	} else if (!rc && !out && (fputs(text, stdout) == EOF || fflush(stdout) == EOF)) {
		rc = 2;
	}
	free(text);
	return rc;
}
