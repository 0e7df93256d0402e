/*
 * cmd_incident.c — `itbcp incident SUBCOMMAND …`: running the plan in a
 * crisis from the command line (issue 5), for the alternate-site laptop
 * and for scripts.  One function per subcommand, one table naming them.
 *
 * Every write prints "記録しました / recorded" only after the store has
 * committed and synced it; bad input prints a message naming the field
 * and exits 2 with nothing written.  `verify` exits 1 when the record has
 * been tampered with.  The author is --as NAME, else $USER.
 */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/app_incident.h"
#include "app/app_deliver.h"
#include "cli/cli.h"
#include "cli/opts.h"
#include "cli/table.h"
#include "format/pack_ticks.h"
#include "rules/crisis.h"

/* Options every subcommand has. */
struct common {
	bool json;
	const char *as;
};

/* Prints an error of the app and returns exit status 2. */
static int fail(const struct cli_ctx *ctx, const struct err *e)
{
	cli_error(ctx, "%s", e->msg);
	return 2;
}

/* Parses a positive incident id; prints why not and returns -1. */
static int parse_id(const struct cli_ctx *ctx, const char *s, int64_t *id)
{
	char *end;
	long long v = s ? strtoll(s, &end, 10) : 0;
	if (!s || !*s || *end || v <= 0) {
		cli_error(ctx, "ID %s: %s", s ? s : "",
			  L(ctx->lang, "インシデント番号（正の整数）を指定してください",
			    "give an incident number (a positive integer)"));
		return -1;
	}
	*id = v;
	return 0;
}

/* Runs opts_parse with the common options appended to opts; returns -1
 * to exit with *status, 0 to go on. */
static int parse(struct cli_ctx *ctx, int argc, char **argv, struct opt *extra, struct common *c,
		 const char **operands, size_t min, size_t max, int *status)
{
	struct opt opts[32];
	size_t n = 0;
	for (; extra && extra[n].name; n++)
		opts[n] = extra[n];
	opts[n++] = (struct opt){ "--json", NULL, &c->json };
	opts[n++] = (struct opt){ "--as", &c->as, NULL };
	opts[n] = (struct opt){ 0 };
	int r = opts_parse(ctx, argc, argv, opts, operands, min, max);
	*status = r > 0 ? 0 : 2;
	return r ? -1 : 0;
}

/* Prints the "recorded" line (or JSON) after a durable write. */
static void recorded(const struct common *c, enum lang lang, int64_t id, const char *what,
		     const char *detail)
{
	if (c->json) {
		json_t *o = json_pack("{s:b, s:I, s:s, s:s}", "recorded", 1, "incident", (json_int_t)id,
				      "what", what, "detail", detail ? detail : "");
		cli_print_json(o);
		return;
	}
	printf("%s: #%lld %s%s%s\n", L(lang, "記録しました", "recorded"), (long long)id, what,
	       detail && *detail ? " " : "", detail ? detail : "");
}

/* "2026-01-12 09:30" or "-". */
static const char *tfmt(int64_t t, char *buf, size_t n)
{
	if (t == NO_VALUE)
		snprintf(buf, n, "-");
	else
		crisis_time_short(t, buf, n);
	return buf;
}

static const char *variant_label(enum time_variant v, enum lang lang)
{
	return v == VARIANT_WEEKDAY_DAY ? L(lang, "平日昼間", "weekday daytime")
					: L(lang, "夜間・休日", "night/holiday");
}

/* ---- start ---------------------------------------------------------------- */

static int sub_start(struct cli_ctx *ctx, int argc, char **argv)
{
	struct common c = { 0 };
	struct incident_start_req r = { 0 };
	int status;
	struct opt opts[] = { { "--event", &r.event, NULL },	 { "--at", &r.at, NULL },
			      { "--intensity", &r.intensity, NULL }, { "--area", &r.area, NULL },
			      { "--system", &r.system, NULL },	 { "--text", &r.text, NULL },
			      { "--jma", &r.jma, NULL },	 { "--drill", NULL, &r.drill },
			      { 0 } };
	if (parse(ctx, argc, argv, opts, &c, NULL, 0, 0, &status))
		return status;
	struct incident inc;
	struct err e = ERR_INIT;
	if (app_incident_start(ctx->db_path, &r, cli_author(c.as), ctx->lang, &inc, &e))
		return fail(ctx, &e);
	if (c.json) {
		json_t *o = app_incident_header_json(&inc);
		json_object_set_new(o, "recorded", json_true());
		json_object_set_new(o, "called", json_integer((json_int_t)inc.n_people));
		json_object_set_new(o, "systems", json_integer((json_int_t)inc.n_systems));
		json_object_set_new(o, "steps", json_integer((json_int_t)inc.n_steps));
		cli_print_json(o);
	} else {
		enum lang lang = ctx->lang;
		char t[32];
		printf("%s: #%lld %s%s\n", L(lang, "記録しました", "recorded"), (long long)inc.id,
		       inc.event_name, inc.drill ? L(lang, "（訓練）", " (drill)") : "");
		printf(L(lang, "%s %s（%s）\n", "%s %s (%s)\n"), L(lang, "発生", "happened"),
		       tfmt(inc.started_at, t, sizeof t), variant_label(inc.variant, lang));
		if (inc.intensity[0])
			printf("%s %s %s\n", L(lang, "最大震度", "max intensity"), inc.intensity, inc.area);
		printf("%s: %s\n", L(lang, "参集", "assembly"),
		       inc.automatic ? L(lang, "自動参集（参集基準に該当）", "automatic (criterion met)")
				     : L(lang, "最高責任者の判断による", "on the chief's decision"));
		printf("%s: %s（%zu）\n", L(lang, "手順", "procedure"),
		       inc.procedure_title[0] ? inc.procedure_title : "-", inc.n_steps);
		size_t asked = 0;
		for (size_t i = 0; i < inc.n_people; i++)
			asked += inc.people[i].ask == ASK_SAFETY;
		printf("%s: %zu  %s: %zu  %s: %zu\n", L(lang, "招集", "called"), inc.n_people - asked,
		       L(lang, "安否確認", "asked if safe"), asked, L(lang, "対象システム", "systems"),
		       inc.n_systems);
	}
	incident_release(&inc);
	return 0;
}

/* ---- list / show ------------------------------------------------------------ */

static int sub_list(struct cli_ctx *ctx, int argc, char **argv)
{
	struct common c = { 0 };
	int status;
	if (parse(ctx, argc, argv, NULL, &c, NULL, 0, 0, &status))
		return status;
	struct incident *v;
	size_t n;
	struct err e = ERR_INIT;
	enum lang lang = ctx->lang;
	if (app_incident_list(ctx->db_path, &v, &n, &e))
		return fail(ctx, &e);
	json_t *arr = json_array();
	const char *hdr[] = { "#", L(lang, "危機的事象", "event"), L(lang, "発生", "happened"),
			      L(lang, "区分", "variant"), L(lang, "訓練", "drill"),
			      L(lang, "状態", "state") };
	struct table t;
	table_init(&t, 6, hdr);
	table_align_right(&t, 0);
	for (size_t i = 0; i < n; i++) {
		char ts[32];
		json_array_append_new(arr, app_incident_header_json(&v[i]));
		table_addf(&t, "%lld", (long long)v[i].id);
		table_add(&t, v[i].event_name);
		table_add(&t, tfmt(v[i].started_at, ts, sizeof ts));
		table_add(&t, variant_label(v[i].variant, lang));
		table_add(&t, v[i].drill ? L(lang, "訓練", "drill") : "");
		table_add(&t, v[i].state == INCIDENT_OPEN ? L(lang, "対応中", "open")
							  : L(lang, "終了", "closed"));
		incident_release(&v[i]);
	}
	free(v);
	if (c.json) {
		cli_print_json(arr);
	} else {
		json_decref(arr);
		table_print(&t, stdout);
	}
	table_release(&t);
	return 0;
}

/* Prints the systems part of the board. */
static void show_systems(const struct crisis_board *b, enum lang lang)
{
	const char *hdr[] = { L(lang, "優先度", "tier"), L(lang, "システム", "system"), "RTO",
			      L(lang, "期限", "deadline"), L(lang, "残り", "left"),
			      L(lang, "被害", "damage"), L(lang, "方針", "policy"),
			      L(lang, "状況", "work"), L(lang, "レベル", "level"),
			      L(lang, "検証", "validated") };
	struct table t;
	char buf[32];
	table_init(&t, 10, hdr);
	table_align_right(&t, 4);
	for (size_t i = 0; i < b->n_systems; i++) {
		const struct crisis_system_state *x = &b->systems[i];
		table_add(&t, tier_name(x->s->tier));
		table_addf(&t, "%s%s", x->s->name, x->s->hit ? " *" : "");
		if (x->s->rto_hours == NO_VALUE)
			table_add(&t, "-");
		else
			table_addf(&t, "%lldh", (long long)x->s->rto_hours);
		table_add(&t, tfmt(x->deadline, buf, sizeof buf));
		if (x->s->work == WORK_RESTORED) {
			crisis_duration(x->recovery, buf, sizeof buf);
			table_addf(&t, "%s %s", L(lang, "復旧", "took"), buf);
		} else if (x->left == NO_VALUE) {
			table_add(&t, "-");
		} else {
			crisis_duration(x->left < 0 ? -x->left : x->left, buf, sizeof buf);
			table_addf(&t, "%s%s", x->overdue ? L(lang, "超過 ", "overdue ") : "", buf);
		}
		table_add(&t, x->s->damage);
		table_add(&t, x->s->policy[0] ? x->s->policy : "-");
		table_add(&t, work_state_name(x->s->work));
		if (x->s->level == NO_VALUE)
			table_add(&t, "-");
		else
			table_addf(&t, "%lld%%", (long long)x->s->level);
		table_addf(&t, "%s%s", x->s->validated_data ? "D" : "-",
			   x->s->validated_function ? "F" : "-");
	}
	table_print(&t, stdout);
	table_release(&t);
}

/* Prints the check-in part: per location, per role with coverage. */
static void show_checkins(const struct incident *inc, const struct crisis_board *b, enum lang lang)
{
	char a[3][32];
	for (int k = 0; k < 3; k++)
		tfmt(b->answer_at[k], a[k], sizeof a[k]);
	printf("\n[%s] %s %zu/%zu  25%%: %s  50%%: %s  75%%: %s\n",
	       L(lang, "安否・参集", "safety and assembly"), L(lang, "回答", "answered"), b->answered,
	       b->called, a[0], a[1], a[2]);
	if (b->asked) { /* those only asked if safe, apart */
		for (int k = 0; k < 3; k++)
			tfmt(b->asked_answer_at[k], a[k], sizeof a[k]);
		printf("[%s] %s %zu/%zu  %s %zu  %s %zu  %s %zu  25%%: %s  50%%: %s  75%%: %s\n",
		       L(lang, "安否確認（参集対象外）", "safety check, not called in"),
		       L(lang, "回答", "answered"), b->asked_answered, b->asked, L(lang, "無事", "safe"),
		       b->asked_safe, L(lang, "負傷", "injured"), b->asked_injured,
		       L(lang, "対応不可", "cannot act"), b->asked_cannot_act, a[0], a[1], a[2]);
	}
	const char *hdr[] = { L(lang, "参集場所", "location"), L(lang, "呼出", "called"),
			      L(lang, "回答", "answered"), L(lang, "無事", "safe"),
			      L(lang, "負傷", "injured"), L(lang, "対応不可", "cannot act"),
			      L(lang, "到着", "on site"), L(lang, "移動中", "on the way"),
			      L(lang, "オンライン", "online"), L(lang, "未回答", "silent") };
	struct table t;
	table_init(&t, 10, hdr);
	for (size_t c = 1; c < 10; c++)
		table_align_right(&t, c);
	for (size_t i = 0; i < b->n_locations; i++) {
		const struct crisis_group *g = &b->locations[i];
		table_add(&t, g->name[0] ? g->name : "-");
		table_addf(&t, "%zu", g->called);
		table_addf(&t, "%zu", g->answered);
		table_addf(&t, "%zu", g->safe);
		table_addf(&t, "%zu", g->injured);
		table_addf(&t, "%zu", g->cannot_act);
		table_addf(&t, "%zu", g->presence[PRESENCE_ON_SITE]);
		table_addf(&t, "%zu", g->presence[PRESENCE_ON_THE_WAY]);
		table_addf(&t, "%zu", g->presence[PRESENCE_ONLINE]);
		table_addf(&t, "%zu", g->presence[PRESENCE_SILENT]);
	}
	table_print(&t, stdout);
	table_release(&t);
	const char *rh[] = { "ID", L(lang, "役割", "role"), L(lang, "呼出", "called"),
			     L(lang, "回答", "answered"), L(lang, "対応者", "covered by"),
			     L(lang, "氏名", "name") };
	table_init(&t, 6, rh);
	table_align_right(&t, 2);
	table_align_right(&t, 3);
	for (size_t i = 0; i < b->n_roles; i++) {
		const struct crisis_group *g = &b->roles[i];
		const struct incident_person *p = incident_person_find(inc, g->cover_person);
		table_add(&t, g->key);
		table_add(&t, g->name);
		table_addf(&t, "%zu", g->called);
		table_addf(&t, "%zu", g->answered);
		table_add(&t, g->cover == COVER_PRIMARY  ? L(lang, "担当者", "primary")
			      : g->cover == COVER_DEPUTY ? L(lang, "代理者", "deputy")
							 : L(lang, "なし", "NONE"));
		table_add(&t, p ? p->name : "-");
	}
	table_print(&t, stdout);
	table_release(&t);
}

/* Prints the checklist and the records. */
static void show_steps(const struct incident *inc, int64_t now, enum lang lang)
{
	const char *hdr[] = { L(lang, "項番", "no"), L(lang, "手順", "step"),
			      L(lang, "状態", "state"), L(lang, "開始", "started"),
			      L(lang, "完了", "done"), L(lang, "担当", "taken by"),
			      L(lang, "メモ", "note") };
	struct table t;
	char s1[32], s2[32];
	table_init(&t, 7, hdr);
	table_align_right(&t, 0);
	printf("\n[%s] %s\n", L(lang, "手順", "procedure"), inc->procedure_title);
	for (size_t i = 0; i < inc->n_steps; i++) {
		const struct incident_step *s = &inc->steps[i];
		table_addf(&t, "%lld", (long long)s->no);
		table_add(&t, s->title);
		table_addf(&t, "%s%s", step_state_name(s->state),
			   crisis_step_late(s, now) ? L(lang, "（遅延）", " (late)") : "");
		table_add(&t, tfmt(s->started_at, s1, sizeof s1));
		table_add(&t, tfmt(s->done_at, s2, sizeof s2));
		table_add(&t, s->taken_by);
		table_add(&t, s->note);
	}
	table_print(&t, stdout);
	table_release(&t);
	if (inc->n_records)
		printf("\n[%s]\n", L(lang, "決定・記録", "decisions and notes"));
	for (size_t i = 0; i < inc->n_records; i++)
		printf("%s %s %s: %s\n", tfmt(inc->records[i].at, s1, sizeof s1), inc->records[i].kind,
		       inc->records[i].author, inc->records[i].text);
}

static int sub_show(struct cli_ctx *ctx, int argc, char **argv)
{
	struct common c = { 0 };
	const char *ops[1] = { NULL };
	int status;
	int64_t id;
	if (parse(ctx, argc, argv, NULL, &c, ops, 1, 1, &status))
		return status;
	if (parse_id(ctx, ops[0], &id))
		return 2;
	struct incident inc;
	struct err e = ERR_INIT;
	enum lang lang = ctx->lang;
	if (app_incident_load(ctx->db_path, id, lang, &inc, &e))
		return fail(ctx, &e);
	struct crisis_board b;
	crisis_board_compute(&inc, app_incident_now(), &b);
	if (c.json) {
		cli_print_json(app_incident_board_json(&inc, &b, lang));
	} else {
		char t[32], d[32];
		crisis_duration(b.elapsed, d, sizeof d);
		printf("%s #%lld  %s%s  %s\n", L(lang, "インシデント", "incident"), (long long)inc.id,
		       inc.event_name, inc.drill ? L(lang, "（訓練）", " (drill)") : "",
		       inc.state == INCIDENT_OPEN ? L(lang, "対応中", "open") : L(lang, "終了", "closed"));
		printf(L(lang, "%s %s（%s）  %s %s  %s: %s\n", "%s %s (%s)  %s %s  %s: %s\n"),
		       L(lang, "発生", "happened"),
		       tfmt(inc.started_at, t, sizeof t), variant_label(inc.variant, lang),
		       L(lang, "経過", "elapsed"), d, L(lang, "参集", "assembly"),
		       inc.automatic ? L(lang, "自動参集", "automatic")
				     : L(lang, "最高責任者の判断", "chief's decision"));
		if (inc.intensity[0])
			printf("%s %s %s\n", L(lang, "最大震度", "max intensity"), inc.intensity, inc.area);
		printf("\n[%s]\n", L(lang, "情報システム（優先度順）", "systems (by tier)"));
		show_systems(&b, lang);
		show_checkins(&inc, &b, lang);
		show_steps(&inc, b.now, lang);
		printf("\n%s: %lld %s, %s %.16s…\n", L(lang, "記録", "record"), (long long)inc.last_seq,
		       L(lang, "件", "entries"), L(lang, "ハッシュ", "head"), inc.last_hash);
	}
	crisis_board_release(&b);
	incident_release(&inc);
	return 0;
}

/* ---- check-in, steps, systems, records -------------------------------------- */

static int sub_checkin(struct cli_ctx *ctx, int argc, char **argv)
{
	struct common c = { 0 };
	struct incident_checkin_req r = { 0 };
	const char *ops[2] = { NULL, NULL };
	int status;
	int64_t id;
	struct opt opts[] = { { "--status", &r.status, NULL },	   { "--assembly", &r.assembly, NULL },
			      { "--eta", &r.eta, NULL },	   { "--location", &r.location, NULL },
			      { "--note", &r.note, NULL },	   { "--at", &r.at, NULL },
			      { 0 } };
	if (parse(ctx, argc, argv, opts, &c, ops, 2, 2, &status))
		return status;
	if (parse_id(ctx, ops[0], &id))
		return 2;
	r.person = ops[1];
	struct checkin_result res;
	struct err e = ERR_INIT;
	if (app_incident_checkin(ctx->db_path, id, &r, cli_author(c.as), ctx->lang, &res, &e))
		return fail(ctx, &e);
	char detail[128];
	snprintf(detail, sizeof detail, "%s (seq %lld)", r.person, (long long)res.seq);
	recorded(&c, ctx->lang, id, "checkin", detail);
	return 0;
}

static int sub_step(struct cli_ctx *ctx, int argc, char **argv)
{
	struct common c = { 0 };
	const char *ops[2] = { NULL, NULL }, *note = NULL, *due = NULL;
	bool start = false, done = false;
	int status;
	int64_t id;
	struct opt opts[] = { { "--start", NULL, &start }, { "--done", NULL, &done },
			      { "--note", &note, NULL },   { "--due", &due, NULL },
			      { 0 } };
	if (parse(ctx, argc, argv, opts, &c, ops, 2, 2, &status))
		return status;
	if (parse_id(ctx, ops[0], &id))
		return 2;
	struct err e = ERR_INIT;
	if (app_incident_step(ctx->db_path, id, ops[1], start, done, note, due, cli_author(c.as),
			      ctx->lang, &e))
		return fail(ctx, &e);
	char detail[128];
	snprintf(detail, sizeof detail, "%s %s", ops[1], start ? "start" : done ? "done" : "update");
	recorded(&c, ctx->lang, id, "step", detail);
	return 0;
}

static int sub_add_step(struct cli_ctx *ctx, int argc, char **argv)
{
	struct common c = { 0 };
	const char *ops[2] = { NULL, NULL }, *roles = NULL, *actions = NULL, *due = NULL;
	int status;
	int64_t id;
	struct opt opts[] = { { "--roles", &roles, NULL }, { "--actions", &actions, NULL },
			      { "--due", &due, NULL },	   { 0 } };
	if (parse(ctx, argc, argv, opts, &c, ops, 2, 2, &status))
		return status;
	if (parse_id(ctx, ops[0], &id))
		return 2;
	struct err e = ERR_INIT;
	char *sid;
	if (app_incident_add_step(ctx->db_path, id, ops[1], roles, actions, due, cli_author(c.as),
				  ctx->lang, &sid, &e))
		return fail(ctx, &e);
	recorded(&c, ctx->lang, id, "step.add", sid);
	free(sid);
	return 0;
}

/* Collects every --validated value (the option may repeat). */
static int scan_validated(const struct cli_ctx *ctx, int argc, char **argv,
			  struct incident_system_req *r)
{
	for (int i = 1; i + 1 < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--validated") != 0)
			continue;
		const char *v = argv[++i];
		if (strcmp(v, "data") == 0)
			r->validated_data = true;
		else if (strcmp(v, "function") == 0)
			r->validated_function = true;
		else if (strcmp(v, "data,function") == 0 || strcmp(v, "function,data") == 0 ||
			 strcmp(v, "both") == 0)
			r->validated_data = r->validated_function = true;
		else {
			cli_error(ctx, "--validated %s: %s", v,
				  L(ctx->lang, "data（データ検証）か function（機能検証）です",
				    "must be data or function"));
			return -1;
		}
	}
	return 0;
}

static int sub_system(struct cli_ctx *ctx, int argc, char **argv)
{
	struct common c = { 0 };
	struct incident_system_req r = { 0 };
	const char *ops[2] = { NULL, NULL }, *validated = NULL;
	int status;
	int64_t id;
	struct opt opts[] = { { "--damage", &r.damage, NULL },
			      { "--policy", &r.policy, NULL },
			      { "--target-level", &r.target_level, NULL },
			      { "--method", &r.method, NULL },
			      { "--state", &r.state, NULL },
			      { "--level", &r.level, NULL },
			      { "--expect", &r.expected, NULL },
			      { "--restored-at", &r.restored_at, NULL },
			      { "--validated", &validated, NULL },
			      { 0 } };
	if (parse(ctx, argc, argv, opts, &c, ops, 2, 2, &status))
		return status;
	if (parse_id(ctx, ops[0], &id) || scan_validated(ctx, argc, argv, &r))
		return 2;
	struct err e = ERR_INIT;
	if (app_incident_system(ctx->db_path, id, ops[1], &r, cli_author(c.as), ctx->lang, &e))
		return fail(ctx, &e);
	recorded(&c, ctx->lang, id, "system", ops[1]);
	return 0;
}

/* decide / note: one text operand. */
static int sub_record(struct cli_ctx *ctx, int argc, char **argv, const char *kind)
{
	struct common c = { 0 };
	const char *ops[2] = { NULL, NULL };
	bool request = false;
	int status;
	int64_t id, seq = 0;
	struct opt note_opts[] = { { "--request", NULL, &request }, { 0 } };
	if (parse(ctx, argc, argv, strcmp(kind, "note") == 0 ? note_opts : NULL, &c, ops, 2, 2,
		  &status))
		return status;
	if (parse_id(ctx, ops[0], &id))
		return 2;
	if (request)
		kind = "request";
	struct err e = ERR_INIT;
	if (app_incident_record(ctx->db_path, id, kind, ops[1], cli_author(c.as), ctx->lang, &seq, &e))
		return fail(ctx, &e);
	char detail[64];
	snprintf(detail, sizeof detail, "(seq %lld)", (long long)seq);
	recorded(&c, ctx->lang, id, kind, detail);
	return 0;
}

static int sub_decide(struct cli_ctx *ctx, int argc, char **argv)
{
	return sub_record(ctx, argc, argv, "decision");
}

static int sub_note(struct cli_ctx *ctx, int argc, char **argv)
{
	return sub_record(ctx, argc, argv, "note");
}

/* ---- report, close, review, verify, timeline ---------------------------------- */

static int sub_report(struct cli_ctx *ctx, int argc, char **argv)
{
	struct common c = { 0 };
	const char *ops[1] = { NULL }, *format = NULL, *kind = NULL;
	int status;
	int64_t id;
	struct opt opts[] = { { "--format", &format, NULL }, { "--kind", &kind, NULL }, { 0 } };
	if (parse(ctx, argc, argv, opts, &c, ops, 1, 1, &status))
		return status;
	if (parse_id(ctx, ops[0], &id))
		return 2;
	if (format && strcmp(format, "text") != 0 && strcmp(format, "json") != 0) {
		cli_error(ctx, "--format %s: %s", format,
			  L(ctx->lang, "text か json です", "must be text or json"));
		return 2;
	}
	if (kind && strcmp(kind, "situation") != 0 && strcmp(kind, "completion") != 0) {
		cli_error(ctx, "--kind %s: %s", kind,
			  L(ctx->lang, "situation（状況報告）か completion（復旧完了報告）です",
			    "must be situation or completion"));
		return 2;
	}
	struct incident inc;
	struct err e = ERR_INIT;
	if (app_incident_load(ctx->db_path, id, ctx->lang, &inc, &e))
		return fail(ctx, &e);
	struct crisis_board b;
	crisis_board_compute(&inc, app_incident_now(), &b);
	if (c.json || (format && strcmp(format, "json") == 0)) {
		cli_print_json(app_incident_report_json(&inc, &b, kind, ctx->lang));
	} else {
		struct buf out = BUF_INIT;
		app_incident_report_text(&inc, &b, kind, cli_author(c.as), ctx->lang, &out);
		fputs(out.data, stdout);
		buf_release(&out);
	}
	crisis_board_release(&b);
	incident_release(&inc);
	return 0;
}

static int sub_close(struct cli_ctx *ctx, int argc, char **argv)
{
	struct common c = { 0 };
	const char *ops[1] = { NULL }, *training = NULL, *evaluation = NULL;
	int status;
	int64_t id;
	struct opt opts[] = { { "--training", &training, NULL },
			      { "--evaluation", &evaluation, NULL },
			      { 0 } };
	if (parse(ctx, argc, argv, opts, &c, ops, 1, 1, &status))
		return status;
	if (parse_id(ctx, ops[0], &id))
		return 2;
	struct err e = ERR_INIT;
	json_t *rv;
	if (app_incident_close(ctx->db_path, id, training, evaluation, cli_author(c.as), ctx->lang, &rv,
			       &e))
		return fail(ctx, &e);
	if (c.json) {
		json_object_set_new(rv, "recorded", json_true());
		cli_print_json(rv);
		return 0;
	}
	struct buf out = BUF_INIT;
	app_incident_review_text(rv, ctx->lang, &out);
	printf("%s: #%lld close\n\n%s", L(ctx->lang, "記録しました", "recorded"), (long long)id, out.data);
	buf_release(&out);
	json_decref(rv);
	return 0;
}

static int sub_review(struct cli_ctx *ctx, int argc, char **argv)
{
	struct common c = { 0 };
	const char *ops[1] = { NULL }, *cause = NULL, *evaluation = NULL, *improvements = NULL;
	int status;
	int64_t id;
	struct opt opts[] = { { "--cause", &cause, NULL },
			      { "--evaluation", &evaluation, NULL },
			      { "--improvements", &improvements, NULL },
			      { 0 } };
	if (parse(ctx, argc, argv, opts, &c, ops, 1, 1, &status))
		return status;
	if (parse_id(ctx, ops[0], &id))
		return 2;
	struct err e = ERR_INIT;
	bool fill = cause || evaluation || improvements;
	if (fill && app_incident_review_fill(ctx->db_path, id, cause, evaluation, improvements,
					     cli_author(c.as), ctx->lang, &e))
		return fail(ctx, &e);
	struct incident inc;
	if (app_incident_load(ctx->db_path, id, ctx->lang, &inc, &e))
		return fail(ctx, &e);
	json_t *rv = inc.review[0] ? json_loads(inc.review, 0, NULL) : NULL;
	if (!rv) {
		/* Still open: a draft from the record so far, not stored. */
		rv = app_incident_review_build(&inc, app_incident_now(), ctx->lang);
		json_object_set_new(rv, "draft", json_true());
	}
	if (fill && !c.json)
		printf("%s: #%lld review\n\n", L(ctx->lang, "記録しました", "recorded"), (long long)id);
	if (c.json) {
		cli_print_json(rv);
	} else {
		struct buf out = BUF_INIT;
		if (json_is_true(json_object_get(rv, "draft")))
			printf("%s\n", L(ctx->lang, "（対応中：ここまでの記録からの下書き）",
					 "(still open: a draft from the record so far)"));
		app_incident_review_text(rv, ctx->lang, &out);
		fputs(out.data, stdout);
		buf_release(&out);
		json_decref(rv);
	}
	incident_release(&inc);
	return 0;
}

/* verify's second line: what the signatures vouch for, and by which key
 * (its public half, to compare with one noted outside the database). */
static void print_signing(const struct timeline_check *c, const char *key_hex, enum lang lang)
{
	static const char *const file_ja[] = { "", "この機械の鍵ファイルの鍵",
					       "鍵ファイルは後に替わりました" };
	static const char *const file_en[] = { "", "this machine's key file",
					       "the key file changed since" };
	if (c->key_id)
		printf("%s: %zu %s (%s #%lld ed25519:%s%s%s)", L(lang, "署名", "signed"),
		       c->signed_entries, L(lang, "件", "entries"), L(lang, "記録の鍵", "record key"),
		       (long long)c->key_id, key_hex, c->key_file > 0 ? ", " : "",
		       c->key_file > 0 ? L(lang, file_ja[c->key_file], file_en[c->key_file]) : "");
	else
		printf("%s", L(lang, "署名: なし", "signed: none"));
	if (c->unsigned_entries)
		printf(L(lang, "、署名の仕組みより前の項目 %zu件（未署名）",
			 "; %zu entries written before signing existed (unsigned)"),
		       c->unsigned_entries);
	printf("\n");
}

/* `verify ID [--witness SEQ:HASH]`: the chain, the rows it records, and
 * with --witness the value a report printed (app_incident_witness). */
static int sub_verify(struct cli_ctx *ctx, int argc, char **argv)
{
	struct common c = { 0 };
	const char *ops[1] = { NULL };
	const char *witness = NULL;
	struct opt extra[] = { { "--witness", &witness, NULL }, { 0 } };
	int status;
	int64_t id;
	if (parse(ctx, argc, argv, extra, &c, ops, 1, 1, &status))
		return status;
	if (parse_id(ctx, ops[0], &id))
		return 2;
	struct err e = ERR_INIT;
	struct timeline_check chk;
	enum lang lang = ctx->lang;
	char why[160] = "";
	int held = 1;
	if (app_incident_verify(ctx->db_path, id, lang, &chk, &e) ||
	    (witness && (held = app_incident_witness(ctx->db_path, id, witness, lang, why, &e)) < 0))
		return fail(ctx, &e);
	char key_hex[2 * sizeof chk.key + 1];
	sodium_bin2hex(key_hex, sizeof key_hex, chk.key, sizeof chk.key);
	if (c.json) {
		json_t *o = json_pack("{s:I, s:b, s:I, s:s}", "incident", (json_int_t)id, "ok",
				      chk.bad_seq == 0 && held == 1, "entries", (json_int_t)chk.entries,
				      "head", chk.head);
		json_object_set_new(o, "bad_seq", chk.bad_seq ? json_integer(chk.bad_seq) : json_null());
		json_object_set_new(o, "reason", json_string(chk.reason));
		if (witness)
			json_object_set_new(o, "witness", json_pack("{s:b, s:s}", "ok", held == 1, "reason", why));
		json_object_set_new(o, "signed", json_integer((json_int_t)chk.signed_entries));
		json_object_set_new(o, "unsigned", json_integer((json_int_t)chk.unsigned_entries));
		json_object_set_new(o, "key", chk.key_id ? json_pack("{s:I, s:s, s:i}", "id",
			(json_int_t)chk.key_id, "public_key", key_hex, "key_file", chk.key_file) : json_null());
		cli_print_json(o);
	} else if (held != 1) {
		printf("%s: #%lld %s\n", L(lang, "記録が改ざんされています", "the record has been altered"),
		       (long long)id, why);
	} else if (chk.bad_seq == 0) {
		printf("%s: #%lld %zu %s, %s %s\n", L(lang, "記録は完全です", "the record is whole"),
		       (long long)id, chk.entries, L(lang, "件", "entries"), L(lang, "ハッシュ", "head"),
		       chk.head);
		print_signing(&chk, key_hex, lang);
	} else {
		printf("%s: #%lld %s %lld: %s\n", L(lang, "記録が改ざんされています", "the record has been altered"),
		       (long long)id, L(lang, "最初の不整合は項目", "first broken entry"),
		       (long long)chk.bad_seq, chk.reason);
	}
	return chk.bad_seq == 0 && held == 1 ? 0 : 1;
}

static int sub_timeline(struct cli_ctx *ctx, int argc, char **argv)
{
	struct common c = { 0 };
	const char *ops[1] = { NULL };
	int status;
	int64_t id;
	if (parse(ctx, argc, argv, NULL, &c, ops, 1, 1, &status))
		return status;
	if (parse_id(ctx, ops[0], &id))
		return 2;
	struct err e = ERR_INIT;
	struct incident inc;
	if (app_incident_load(ctx->db_path, id, ctx->lang, &inc, &e))
		return fail(ctx, &e);
	incident_release(&inc);
	struct timeline_entry *v;
	size_t n;
	if (app_incident_timeline(ctx->db_path, id, &v, &n, &e))
		return fail(ctx, &e);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		char t[32];
		if (c.json) {
			json_t *o = json_pack("{s:I, s:s, s:s}", "seq", (json_int_t)v[i].seq, "author",
					      v[i].author, "kind", v[i].kind);
			json_object_set_new(o, "at", app_incident_json_time(v[i].at));
			json_object_set_new(o, "content", json_loads(v[i].content, JSON_DECODE_ANY, NULL));
			json_object_set_new(o, "prev_hash", json_string(v[i].prev_hash));
			json_object_set_new(o, "hash", json_string(v[i].hash));
			json_array_append_new(arr, o);
		} else {
			printf("%4lld %s %-12s %s %.12s\n", (long long)v[i].seq, tfmt(v[i].at, t, sizeof t),
			       v[i].kind, v[i].author, v[i].hash);
		}
		timeline_entry_release(&v[i]);
	}
	free(v);
	if (c.json)
		cli_print_json(arr);
	else
		json_decref(arr);
	return 0;
}

/* ---- tokens -------------------------------------------------------------------- */

static int sub_tokens(struct cli_ctx *ctx, int argc, char **argv)
{
	struct common c = { 0 };
	const char *base = NULL, *rotate = NULL;
	int status;
	struct opt opts[] = { { "--base-url", &base, NULL }, { "--rotate", &rotate, NULL }, { 0 } };
	if (parse(ctx, argc, argv, opts, &c, NULL, 0, 0, &status))
		return status;
	enum lang lang = ctx->lang;
	struct err e = ERR_INIT;
	if (base && ((strncmp(base, "http://", 7) != 0 && strncmp(base, "https://", 8) != 0) ||
		     app_incident_check_text("--base-url", base, 200, false, lang, &e) ||
		     strpbrk(base, " \"'<>\\") != NULL)) {
		cli_error(ctx, "--base-url %s: %s", base,
			  L(lang, "http:// か https:// で始まるURLを指定してください",
			    "give a URL starting with http:// or https://"));
		return 2;
	}
	size_t blen = base ? strlen(base) : 0;
	while (blen && base[blen - 1] == '/')
		blen--;
	struct plan p = PLAN_INIT;
	if (cli_load_plan(ctx, &p))
		return 2;
	char(*tokens)[STORE_TOKEN_LEN + 1] = calloc(p.n_people + 1, sizeof *tokens);
	if (!tokens || app_incident_tokens(ctx->db_path, &p, rotate, tokens, lang, &e)) {
		free(tokens);
		plan_release(&p);
		return fail(ctx, &e);
	}
	if (c.json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < p.n_people; i++) {
			struct buf url = BUF_INIT;
			buf_addf(&url, "%.*s/c/%s", (int)blen, base ? base : "", tokens[i]);
			json_array_append_new(arr, json_pack("{s:s, s:s, s:s}", "person", p.people[i].id,
							     "name", p.people[i].name, "url", url.data));
			buf_release(&url);
		}
		cli_print_json(arr);
	} else {
		/* One line each, tab-separated: URLs are printed whole for the cards. */
		for (size_t i = 0; i < p.n_people; i++)
			printf("%s\t%s\t%.*s/c/%s\n", p.people[i].id, p.people[i].name, (int)blen,
			       base ? base : "", tokens[i]);
		if (rotate)
			printf("%s: %s\n", L(lang, "更新しました", "rotated"), rotate);
	}
	free(tokens);
	plan_release(&p);
	return 0;
}

/* ---- import-ticks ------------------------------------------------------------------ */

/* Reads the ticks file at path ("-" = stdin), at most PACK_TICKS_MAX_BYTES
 * (one byte more is read to tell a larger file); 0, or 2 with why. */
static int read_ticks_file(const struct cli_ctx *ctx, const char *path, struct buf *b)
{
	bool in = strcmp(path, "-") == 0;
	FILE *f = in ? stdin : fopen(path, "rb");
	if (!f) {
		cli_error(ctx, "%s: %s", path, strerror(errno));
		return 2;
	}
	char chunk[8192];
	size_t n;
	while (b->len <= PACK_TICKS_MAX_BYTES && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(b, chunk, n);
	bool bad = ferror(f);
	if (!in)
		fclose(f);
	if (bad) {
		cli_error(ctx, "%s: %s", path, L(ctx->lang, "読めません", "cannot be read"));
		return 2;
	}
	if (b->len > PACK_TICKS_MAX_BYTES) {
		cli_error(ctx, "%s: %s (> %u bytes)", path,
			  L(ctx->lang, "チェックのファイルが大きすぎます", "the ticks file is too large"),
			  PACK_TICKS_MAX_BYTES);
		return 2;
	}
	return 0;
}

/* `incident import-ticks ID FILE`: the offline pack's ticks into the record. */
static int sub_import_ticks(struct cli_ctx *ctx, int argc, char **argv)
{
	struct common c = { 0 };
	const char *ops[2] = { NULL, NULL };
	int status;
	int64_t id;
	if (parse(ctx, argc, argv, NULL, &c, ops, 2, 2, &status))
		return status;
	if (parse_id(ctx, ops[0], &id))
		return 2;
	struct buf b = BUF_INIT;
	int rc = read_ticks_file(ctx, ops[1], &b);
	if (rc) {
		buf_release(&b);
		return rc;
	}
	struct err e = ERR_INIT;
	struct app_ticks_result res;
	if (app_incident_import_ticks(ctx->db_path, id, b.data ? b.data : "", b.len, ops[1],
				      cli_author(c.as), ctx->lang, &res, &e)) {
		buf_release(&b);
		return fail(ctx, &e);
	}
	buf_release(&b);
	if (c.json) {
		json_t *o = json_pack("{s:b, s:I, s:I, s:I, s:I}", "recorded", 1, "incident",
				      (json_int_t)id, "added", (json_int_t)res.added, "done",
				      (json_int_t)res.done, "already", (json_int_t)res.already);
		cli_print_json(o);
		return 0;
	}
	printf(L(ctx->lang,
		 "記録しました: #%lld パックのチェック %zu件（うち手順の完了 %zu件、取り込み済みのため省略 %zu件）\n",
		 "recorded: #%lld %zu ticks from the pack (%zu steps done; %zu skipped, taken in before)\n"),
	       (long long)id, res.added, res.done, res.already);
	return 0;
}

/* ---- the hold before the call-out (issue 14) ---------------------------------------- */

/* hold ID --stop|--send: ends the hold of the incident's call-out as the
 * board's 停止 and 今すぐ送信 do (app_deliver_hold). */
static int sub_hold(struct cli_ctx *ctx, int argc, char **argv)
{
	struct common c = { 0 };
	const char *ops[1] = { NULL };
	bool stop = false, send = false;
	int status;
	int64_t id;
	struct opt opts[] = { { "--stop", NULL, &stop }, { "--send", NULL, &send }, { 0 } };
	if (parse(ctx, argc, argv, opts, &c, ops, 1, 1, &status))
		return status;
	if (parse_id(ctx, ops[0], &id))
		return 2;
	if (stop == send) {
		cli_error(ctx, "%s", L(ctx->lang, "--stop か --send のどちらかを指定してください",
				       "give either --stop or --send"));
		return 2;
	}
	struct err e = ERR_INIT;
	size_t queued = 0;
	if (app_deliver_hold(ctx->db_path, id, send, cli_author(c.as), ctx->lang, &queued, &e))
		return fail(ctx, &e);
	char detail[64];
	snprintf(detail, sizeof detail, send ? "sent (%zu)" : "stopped", queued);
	recorded(&c, ctx->lang, id, "hold", detail);
	return 0;
}

/* ---- the subcommand table -------------------------------------------------------- */

static const struct {
	const char *name;
	int (*fn)(struct cli_ctx *, int, char **);
} subcommands[] = {
	{ "start", sub_start },	    { "list", sub_list },	{ "show", sub_show },
	{ "checkin", sub_checkin }, { "step", sub_step },	{ "add-step", sub_add_step },
	{ "system", sub_system },   { "decide", sub_decide },	{ "note", sub_note },
	{ "report", sub_report },   { "close", sub_close },	{ "review", sub_review },
	{ "verify", sub_verify },   { "timeline", sub_timeline }, { "tokens", sub_tokens },
	{ "import-ticks", sub_import_ticks },
	{ "hold", sub_hold },
};

int cmd_incident(struct cli_ctx *ctx, int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		cli_usage(ctx, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	for (size_t i = 0; i < sizeof subcommands / sizeof subcommands[0]; i++)
		if (strcmp(argv[1], subcommands[i].name) == 0)
			return subcommands[i].fn(ctx, argc - 1, argv + 1);
	cli_error(ctx, "%s: %s", argv[1],
		  L(ctx->lang, "そのようなサブコマンドはありません", "no such subcommand"));
	cli_usage(ctx, stderr);
	return 2;
}
