/*
 * page_incident_timeline.c — the incident's record (§2.3.2 step 13, R7:
 * records are never rewritten, only added to), issue 5 item 6.
 *
 *   GET /incidents/{id}/timeline[?before=SEQ][&verify=1]
 *
 * First the verdict of recomputing the hash chain (store_timeline_verify):
 * whole, with the number of entries and the head hash — the value to
 * write down or mail so that the record can be shown unchanged later — or
 * the first broken entry.  A record longer than WEB_VERIFY_EVERY_VIEW_MAX is
 * verified only when asked (verify=1): seconds of hashing on every view
 * during a burst would hold a server thread each time; and then one at a
 * time per server, the verdict kept a minute for the same head
 * (web/core/verify_guard.h).  Then the entries, newest first, a hundred a
 * page, each said in words (who checked in how, which step started, what
 * a system's state became, the text of a decision) from its canonical
 * content.  Responders may open the canonical JSON of each entry; for
 * viewers the words leave out where people are and their notes.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "app/app_incident.h"
#include "store/incident_store.h"
#include "web/core/html.h"
#include "web/core/page.h"
#include "web/pages/incident/page_incident.h"
#include "web/core/verify_guard.h"
#include "web/core/web.h"

#define TIMELINE_PAGE 100

/* The words for a step entry's action. */
static const char *step_action(enum lang lang, const char *kind)
{
	if (strcmp(kind, "step.start") == 0)
		return L(lang, "開始", "started");
	if (strcmp(kind, "step.done") == 0)
		return L(lang, "完了", "done");
	if (strcmp(kind, "step.add") == 0)
		return L(lang, "追加", "added");
	if (strcmp(kind, "step.pack") == 0)
		return L(lang, "パックでもチェック（完了済み）", "ticked in the pack (already done)");
	return L(lang, "メモ・更新", "note or update");
}

/* The entry in words (c: its parsed content, may be NULL). */
static void entry_words(struct req *r, const struct incident *inc, const struct timeline_entry *t,
			const json_t *c, bool personal)
{
	enum lang lang = r->lang;
	const char *k = t->kind;
	if (!c) {
		html(r, "%s", k);
	} else if (strcmp(k, "start") == 0) {
		html(r, L(lang, "発動：%s（%zu名を招集、手順「%s」）", "Started: %s (%zu people called, procedure “%s”)"),
		     page_incident_jstr(c, "event_name"), json_array_size(json_object_get(c, "people")), page_incident_jstr(c, "procedure_title"));
	} else if (strcmp(k, "checkin") == 0) {
		int st = checkin_status_parse(page_incident_jstr(c, "status"));
		int as = checkin_assembly_parse(page_incident_jstr(c, "assembly"));
		static const char *const aja[] = { "参集する", "オンライン参加", "参集しない" };
		static const char *const aen[] = { "will assemble", "online", "will not assemble" };
		html(r, "%s: %s・%s", page_incident_person_name(inc, page_incident_jstr(c, "person")),
		     st >= 0 ? page_incident_status_label(lang, (enum checkin_status)st) : "?",
		     as >= 0 ? L(lang, aja[as], aen[as]) : "?");
		json_t *eta = json_object_get(c, "eta");
		if (json_is_integer(eta))
			html(r, L(lang, "（到着予定 %s）", " (arriving %s)"), page_incident_time(r, json_integer_value(eta)));
		/* a report entered by a responder for someone who phoned in */
		if (strcmp(t->author, "self") != 0)
			html(r, L(lang, "（%s が代理入力）", " (entered for them by %s)"), t->author);
		if (personal && (page_incident_jstr(c, "location")[0] || page_incident_jstr(c, "note")[0]))
			html(r, "<br><small>%s %s</small>", page_incident_jstr(c, "location"), page_incident_jstr(c, "note"));
	} else if (strncmp(k, "step.", 5) == 0) {
		html(r, L(lang, "手順%lld「%s」: %s", "Step %lld “%s”: %s"),
		     (long long)json_integer_value(json_object_get(c, "no")), page_incident_jstr(c, "title"), step_action(lang, k));
		if (strcmp(page_incident_jstr(c, "source"), "pack") == 0) {
			json_t *at = json_object_get(c, "ticked_at");
			const char *by = page_incident_jstr(c, "ticked_by");
			html(r, L(lang, "<br><small>オフライン対応パックから入力：%s %s</small>",
				  "<br><small>entered from the offline pack: %s %s</small>"),
			     json_is_string(at) ? json_string_value(at) : "",
			     by[0] ? by : L(lang, "（名前なし）", "(no name)"));
		}
		if (page_incident_jstr(c, "note")[0])
			html(r, "<br><small>%s</small>", page_incident_jstr(c, "note"));
	} else if (strcmp(k, "system") == 0) {
		int w = work_state_parse(page_incident_jstr(c, "work"));
		html(r, "%s: %s・%s・%s", page_incident_jstr(c, "name"), page_incident_damage_label(lang, page_incident_jstr(c, "damage")),
		     page_incident_policy_label(lang, page_incident_jstr(c, "policy")),
		     w >= 0 ? page_incident_work_label(lang, (enum work_state)w) : "?");
		json_t *lv = json_object_get(c, "level");
		if (json_is_integer(lv))
			html(r, " %lld%%", (long long)json_integer_value(lv));
		if (json_is_true(json_object_get(c, "declared_restored")))
			html(r, " <strong>%s</strong>", L(lang, "復旧宣言", "declared restored"));
	} else if (strcmp(k, "decision") == 0 || strcmp(k, "note") == 0 || strcmp(k, "request") == 0) {
		html(r, "%s: <span class=\"pre\">%s</span>",
		     strcmp(k, "decision") == 0 ? L(lang, "決定", "Decision")
		     : strcmp(k, "request") == 0 ? L(lang, "支援依頼", "Support request")
						  : L(lang, "メモ", "Note"),
		     page_incident_jstr(c, "text"));
	} else if (strcmp(k, "called") == 0) {
		/* people called by a later report (an aftershock) */
		const json_t *v = json_object_get(c, "people");
		size_t n = json_array_size(v), asked = 0;
		for (size_t i = 0; i < n; i++)
			asked += strcmp(page_incident_jstr(json_array_get(v, i), "ask"), "safety") == 0;
		html(r, L(lang, "追加の呼出し：参集 %zu名、安否確認 %zu名", "Called more: %zu in, %zu asked if safe"),
		     n - asked, asked);
		html(r, "<br><small class=\"pre\">%s</small>", page_incident_jstr(c, "text"));
	} else if (strcmp(k, "close") == 0) {
		html(r, "%s", L(lang, "終了（振り返りを作成）", "Closed (review made)"));
	} else if (strcmp(k, "review") == 0) {
		html(r, "%s", L(lang, "振り返りを記入", "Review filled in"));
	} else {
		html(r, "%s", k);
	}
}

/* ?before=SEQ, the page's newest-but-one bound (0 when absent) into
 * *before.  0: go on; 1: malformed, r holds the 400. */
static int parse_before(struct req *r, long long *before)
{
	const char *before_s = req_query(r, "before");
	char *end = NULL;
	*before = before_s ? strtoll(before_s, &end, 10) : 0;
	if (before_s && (!*before_s || *end || *before <= 0)) {
		route_error(r, 400, L(r->lang, "before は正の整数です。", "before is a positive integer."));
		return 1;
	}
	return 0;
}

/* What the page says about the hash chain. */
struct verdict {
	bool verified;                /* false: a long record nobody asked to verify */
	enum verify_outcome outcome;  /* when verified */
	struct timeline_check chk;    /* entries and head, from inc until verified */
	int64_t at;                   /* when the verdict was reached (REUSED) */
};

/* Recomputes inc's hash chain into *vd when it is short or when asked
 * (?verify=1); a long one through the verify guard, one at a time per
 * server, since seconds of hashing per view would hold a thread each
 * time.  -1 on a database error (r->err). */
static int check_chain(struct req *r, const struct incident *inc, int64_t now, struct verdict *vd)
{
	vd->chk = (struct timeline_check){ .entries = (size_t)inc->last_seq };
	snprintf(vd->chk.head, sizeof vd->chk.head, "%s", inc->last_hash);
	vd->at = now;
	vd->outcome = VERIFY_FRESH;
	bool every_view = inc->last_seq <= (int64_t)r->web->verify_every_view_max;
	vd->verified = every_view || req_query(r, "verify");
	if (vd->verified && every_view)
		vd->outcome = store_timeline_verify(r->store, inc->id, &vd->chk, &r->err) ? VERIFY_FAILED
											   : VERIFY_FRESH;
	else if (vd->verified) /* long: one at a time, the verdict kept a minute */
		vd->outcome = verify_guard_run(r->web->verify, r->store, inc->id, inc->last_seq,
					       inc->last_hash, now, &vd->chk, &vd->at, &r->err);
	return vd->outcome == VERIFY_FAILED ? -1 : 0;
}

/* The section with the verdict and the head hash, the value to write
 * down so that the record can be shown unchanged later. */
static void write_verdict(struct req *r, const struct incident *inc, const struct verdict *vd)
{
	enum lang lang = r->lang;
	const struct timeline_check *chk = &vd->chk;
	html(r, "<section aria-labelledby=\"h-verify\">\n<h2 id=\"h-verify\">%s</h2>\n",
	     L(lang, "記録の検証（ハッシュチェーン）", "Verifying the record (hash chain)"));
	if (!vd->verified)
		html(r, "<p>%s <a href=\"%s\">%s</a></p>\n",
		     arena_printf(&r->arena,
				  L(lang, "記録は %zu 件あり、検証に数秒かかるため、表示のたびには行いません。",
				    "The record holds %zu entries; verifying takes seconds, so it is not done on every view."),
				  chk->entries),
		     page_incident_url(r, inc, "/timeline?verify=1"), L(lang, "今すぐ検証する", "Verify now"));
	else if (vd->outcome == VERIFY_BUSY)
		html(r, "<p role=\"status\">%s <a href=\"%s\">%s</a></p>\n",
		     L(lang, "別の記録の検証を実行中です。数秒後にもう一度開いてください。",
		       "Another record is being verified just now. Open this again in a few seconds."),
		     page_incident_url(r, inc, "/timeline?verify=1"), L(lang, "もう一度検証する", "Verify again"));
	else if (chk->bad_seq == 0)
		page_notice(r, "ok", arena_printf(&r->arena, L(lang, "記録は改ざんされていません（%zu件すべてのハッシュが一致）。",
								"The record is whole (all %zu entries match their hashes)."),
						   chk->entries));
	else
		page_notice(r, "error", arena_printf(&r->arena, L(lang, "記録 %lld 番で連鎖が切れています：%s",
								   "The chain breaks at entry %lld: %s"),
						      (long long)chk->bad_seq, chk->reason));
	if (vd->outcome == VERIFY_REUSED)
		html(r, "<p class=\"hint\">%s</p>\n",
		     arena_printf(&r->arena,
				  L(lang, "%s に検証した結果です（記録はその後変わっていません。検証は %d 秒に1回まで）。",
				    "Verified at %s; the record has not grown since (one verification per %d seconds)."),
				  page_incident_time(r, vd->at), VERIFY_REUSE_SECONDS));
	html(r, "<p>%s<br><code class=\"hash\">%s</code></p>\n<p class=\"hint\">%s</p>\n</section>\n",
	     L(lang, "先頭のハッシュ（最新の記録）：", "Head hash (latest entry):"), chk->head,
	     L(lang, "この値を控えておくと、後で記録が変わっていないことを確かめられます（itbcp incident verify でも検証できます）。",
	       "Keep this value: it proves later that the record has not changed (itbcp incident verify checks it too)."));
}

/* The section with one page of entries v[0..n) (newest first) of a
 * record of `entries` in all, and the link to the older ones when the
 * page is full.  personal: the words say where people are, and each
 * entry's canonical content and hash can be opened. */
static void write_entries(struct req *r, const struct incident *inc, const struct timeline_entry *v,
			  size_t n, size_t entries, bool personal)
{
	enum lang lang = r->lang;
	html(r, "<section aria-labelledby=\"h-entries\">\n<h2 id=\"h-entries\">%s</h2>\n",
	     L(lang, "記録（新しい順）", "Entries (newest first)"));
	size_t shown = 0;
	int64_t last = 0;
	/* two columns, so that what happened keeps the width of a phone */
	page_incident_table_open(r, "timeline",
				 arena_printf(&r->arena, L(lang, "記録 全%zu件", "%zu entries"), entries));
	html(r, "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
	     L(lang, "番号・時刻・記録者", "No., time, by"), L(lang, "内容", "What"));
	for (size_t i = 0; i < n; i++) { /* the page, newest first */
		const struct timeline_entry *t = &v[i];
		json_t *c = json_loads(t->content, 0, NULL);
		html(r, "<tr><th scope=\"row\">%lld<br><small>%s<br>%s</small></th><td>", (long long)t->seq,
		     page_incident_time(r, t->at), t->author);
		entry_words(r, inc, t, c, personal);
		if (personal)
			html(r, "<details><summary>%s</summary><code class=\"json\">%s</code><br>"
				"<small>%s <code class=\"hash\">%s</code></small></details>",
			     L(lang, "記録の原文とハッシュ", "Canonical content and hash"), t->content,
			     L(lang, "ハッシュ", "hash"), t->hash);
		html(r, "</td></tr>\n");
		json_decref(c);
		shown++;
		last = t->seq;
	}
	html(r, "</tbody></table></div>\n");
	if (last > 1 && shown == TIMELINE_PAGE)
		html(r, "<p class=\"pager\"><a href=\"%s\">%s</a></p>\n",
		     page_incident_url(r, inc, arena_printf(&r->arena, "/timeline?before=%lld", (long long)last)),
		     L(lang, "さらに古い記録", "Older entries"));
	html(r, "</section>\n");
}

/* GET /incidents/{id}/timeline.  Everything that can fail (the id, the
 * verification, the page of entries) is done before the first byte of
 * the page, so that a failure is a clean error page. */
int page_incident_timeline(struct req *r)
{
	long long before;
	if (parse_before(r, &before))
		return 0;
	struct incident inc = INCIDENT_INIT;
	int rc = page_incident_load(r, true, &inc);
	if (rc)
		return rc < 0 ? -1 : 0;
	struct timeline_entry *v = NULL;
	size_t n = 0;
	int64_t now = app_incident_now();
	struct verdict vd;
	if (check_chain(r, &inc, now, &vd) ||
	    store_timeline_page(r->store, inc.id, before, TIMELINE_PAGE, &v, &n, &r->err)) {
		incident_release(&inc);
		return -1;
	}
	page_incident_begin(r, &inc, ITAB_TIMELINE, now);
	write_verdict(r, &inc, &vd);
	write_entries(r, &inc, v, n, vd.chk.entries, page_incident_may_see_personal(r));
	page_end(r);
	for (size_t i = 0; i < n; i++)
		timeline_entry_release(&v[i]);
	free(v);
	incident_release(&inc);
	return 0;
}
