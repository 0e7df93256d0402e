/*
 * card.c — the wallet card's content (card.h): the appendix's fixed
 * parts, filling from the plan through the person's roles, and reading
 * the personal part of a request.  The PDF is drawn in card_pdf.c.
 */
#include "render/card/card.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "rules/crisis.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define PERSONAL_MAX_BYTES 500

/* 別表2 1.初動対応, as the appendix words it. */
static const char *const indoor_ja[] = {
	"落ちついて行動",
	"棚や窓から離れるなどして身を守る",
	"揺れが収まったら落ち着いて火元を確認",
	"戸を開けて、出入り口の確保",
	"靴を履き、非常時持ち出し品を準備",
	"消火活動・救助活動に協力",
};
static const char *const outdoor_ja[] = {
	"落ちついて行動",
	"靴などで頭を保護し、できるだけ建物から離れる（ビルの外壁、看板、窓ガラスなどに注意）",
	"切れた電線には近寄らない",
	"避難の際は車を利用しない",
	"消火活動・救助活動に協力",
};
static const char *const indoor_en[] = {
	"Stay calm",
	"Protect yourself away from shelves and windows",
	"When the shaking stops, check for fire",
	"Open doors to keep an exit",
	"Put on shoes; get the emergency kit",
	"Help with firefighting and rescue",
};
static const char *const outdoor_en[] = {
	"Stay calm",
	"Protect your head and move away from buildings (walls, signs, glass)",
	"Keep away from fallen power lines",
	"Do not evacuate by car",
	"Help with firefighting and rescue",
};

/* 4-2 the carriers' disaster message boards (J-anpi searches them all). */
static const struct card_board boards_ja[] = {
	{ "NTTドコモ", "http://dengon.docomo.ne.jp/",
	  "「災害用キット」アプリ／iモード「災害用安否確認」→「災害用伝言板」" },
	{ "au", "http://dengon.ezw.ne.jp/", "「au災害対策」アプリ→「災害用伝言板」" },
	{ "ソフトバンク", "http://dengon.softbank.ne.jp/", "「災害用伝言板」アプリ／ブラウザ" },
	{ "J-anpi（各社横断）", "https://anpi.jp/", "電話番号・氏名で各社の伝言板を一括検索" },
};
static const struct card_board boards_en[] = {
	{ "NTT docomo", "http://dengon.docomo.ne.jp/", "Disaster Kit app" },
	{ "au", "http://dengon.ezw.ne.jp/", "au disaster app" },
	{ "SoftBank", "http://dengon.softbank.ne.jp/", "Disaster message board app / browser" },
	{ "J-anpi (all carriers)", "https://anpi.jp/", "search by phone number or name" },
};

void card_defaults(struct card *c, enum lang lang)
{
	memset(c, 0, sizeof *c);
	c->lang = lang;
	c->title = L(lang, "［災害用］携行カード", "Disaster wallet card");
	const char *const *in = lang == LANG_EN ? indoor_en : indoor_ja;
	const char *const *out = lang == LANG_EN ? outdoor_en : outdoor_ja;
	c->n_indoor = sizeof indoor_ja / sizeof indoor_ja[0];
	c->n_outdoor = sizeof outdoor_ja / sizeof outdoor_ja[0];
	for (size_t i = 0; i < c->n_indoor; i++)
		c->indoor[i] = in[i];
	for (size_t i = 0; i < c->n_outdoor; i++)
		c->outdoor[i] = out[i];
	c->message_content = L(lang, "安否（けがの有無）、現在地、参集の可否と到着見込み、連絡手段",
			       "safe or injured, where you are, whether and when you can come, how to reach you");
	const struct card_board *b = lang == LANG_EN ? boards_en : boards_ja;
	c->n_boards = sizeof boards_ja / sizeof boards_ja[0];
	for (size_t i = 0; i < c->n_boards; i++)
		c->boards[i] = b[i];
	c->organisation = c->person_name = c->affiliation = c->roles = "";
	c->report_destination = c->checkin_url = "";
	struct card_personal *ps = &c->personal;
	for (size_t i = 0; i < 3; i++)
		ps->family[i].name = ps->family[i].phone = "";
	ps->meeting_place = ps->name = ps->address = ps->mobile = ps->home_phone = "";
	ps->insurance_no = ps->evac_work = ps->evac_home = ps->free_text = "";
}

void card_release(struct card *c)
{
	for (size_t i = 0; i < c->n_owned; i++)
		free(c->owned[i]);
	free(c->owned);
	memset(c, 0, sizeof *c);
}

const char *card_strdup(struct card *c, const char *s)
{
	c->owned = xgrow(c->owned, &c->cap_owned, c->n_owned + 1, sizeof *c->owned);
	char *copy = xstrdup(s ? s : "");
	c->owned[c->n_owned++] = copy;
	return copy;
}

/* The intensity as people write it: "6-" → 6弱. */
static const char *intensity_text(const char *v, enum lang lang)
{
	static const struct {
		const char *v, *ja, *en;
	} t[] = { { "5-", "5弱", "5 lower" }, { "5+", "5強", "5 upper" }, { "6-", "6弱", "6 lower" },
		  { "6+", "6強", "6 upper" } };
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (strcmp(v, t[i].v) == 0)
			return L(lang, t[i].ja, t[i].en);
	return v;
}

/* One criterion as a card line: the short form when the plan gives the
 * area and intensity, else the plan's wording. */
static const char *criterion_text(struct card *c, const struct assembly_criterion *a)
{
	struct buf areas = BUF_INIT;
	crisis_list_join(a->areas, L(c->lang, "、", ", "), &areas);
	bool tsunami = crisis_hazard_of(a) == HAZARD_TSUNAMI;
	int level = crisis_criterion_threshold(a);
	if (a->automatic && level >= 0 && areas.len) {
		struct buf b = BUF_INIT;
		if (tsunami && c->lang == LANG_EN)
			buf_addf(&b, "A %s or more issued for %s (assemble automatically)",
				 crisis_tsunami_label(level, c->lang), areas.data);
		else if (tsunami)
			buf_addf(&b, "%sに%s以上が発表された場合（自動参集）", areas.data,
				 crisis_tsunami_label(level, c->lang));
		else if (c->lang == LANG_EN)
			buf_addf(&b, "Seismic intensity %s or more observed in %s (assemble automatically)",
				 intensity_text(a->min_intensity, c->lang), areas.data);
		else
			buf_addf(&b, "%sにおいて、震度%s以上の地震が観測された場合（自動参集）", areas.data,
				 intensity_text(a->min_intensity, c->lang));
		buf_release(&areas);
		const char *s = card_strdup(c, b.data);
		buf_release(&b);
		return s;
	}
	buf_release(&areas);
	return a->condition;
}

/* Adds the holders of role_id (primary first) as workplace contacts. */
static void add_role_contacts(struct card *c, const struct plan *p, const char *role_id,
			      const char *self, bool with_personal)
{
	const struct role *r = plan_role(p, role_id);
	for (int64_t rank = 0; rank < 3; rank++)
		for (size_t i = 0; i < p->n_role_holders; i++) {
			const struct role_holder *h = &p->role_holders[i];
			if (h->rank != rank || strcmp(h->role, role_id) != 0 || strcmp(h->person, self) == 0)
				continue;
			const struct person *who = plan_person(p, h->person);
			if (!who || c->n_contacts == CARD_MAX_ITEMS)
				continue;
			bool dup = false;
			for (size_t k = 0; k < c->n_contacts; k++)
				dup |= strstr(c->contacts[k].label, who->name) != NULL;
			if (dup)
				continue;
			const struct department *d = plan_department(p, who->department);
			struct buf b = BUF_INIT;
			if (r)
				buf_addf(&b, "%s%s\n", r->name,
					 rank ? L(c->lang, "（代理）", " (deputy)") : "");
			if (d)
				buf_addf(&b, "%s ", d->name);
			if (*who->title)
				buf_addf(&b, "%s ", who->title);
			buf_adds(&b, who->name);
			struct card_contact *ct = &c->contacts[c->n_contacts++];
			ct->label = card_strdup(c, b.data);
			buf_release(&b);
			ct->phone = who->phone;
			ct->mobile = with_personal ? who->mobile : "";
			ct->email = with_personal ? who->email : "";
			ct->home_phone = with_personal ? who->home_phone : "";
		}
}

int card_from_plan(struct card *c, const struct plan *p, const char *person_id,
		   bool with_personal, const char *checkin_url, struct err *e)
{
	const struct person *me = plan_person(p, person_id);
	if (!me)
		return err_set(e, "%s: %s", person_id ? person_id : "",
			       L(c->lang, "その担当者は計画にいません", "no such person in the plan"));
	c->organisation = p->organisation.name;
	c->person_name = me->name;
	const struct department *d = plan_department(p, me->department);
	struct buf b = BUF_INIT;
	if (d)
		buf_adds(&b, d->name);
	if (*me->title)
		buf_addf(&b, "%s%s", b.len ? " " : "", me->title);
	c->affiliation = card_strdup(c, b.data);
	buf_reset(&b);

	/* The person's roles, crisis roles first, as held. */
	const char *roles[CARD_MAX_ITEMS];
	size_t n_roles = 0;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < p->n_role_holders && n_roles < CARD_MAX_ITEMS; i++) {
			const struct role_holder *h = &p->role_holders[i];
			const struct role *r = plan_role(p, h->role);
			if (!r || strcmp(h->person, me->id) != 0 ||
			    (strcmp(r->structure, "crisis") == 0) != (pass == 0))
				continue;
			roles[n_roles++] = r->id;
			if (strstr(b.data, r->name)) /* promotion and crisis roles share names */
				continue;
			buf_addf(&b, "%s%s%s", b.len ? L(c->lang, "、", ", ") : "", r->name,
				 h->rank ? L(c->lang, "（代理）", " (deputy)") : "");
		}
	c->roles = card_strdup(c, b.data);
	buf_release(&b);

	/* 2. criteria: disaster events (the card is for disasters). */
	bool any_disaster = false;
	for (size_t i = 0; i < p->n_assembly_criteria; i++) {
		const struct event_type *ev = plan_event(p, p->assembly_criteria[i].event);
		any_disaster |= ev && strcmp(ev->kind, "disaster") == 0;
	}
	for (int pass = 0; pass < 2; pass++) /* automatic first */
		for (size_t i = 0; i < p->n_assembly_criteria; i++) {
			const struct assembly_criterion *a = &p->assembly_criteria[i];
			const struct event_type *ev = plan_event(p, a->event);
			if (a->automatic != (pass == 0) || c->n_criteria == CARD_MAX_ITEMS ||
			    (any_disaster && (!ev || strcmp(ev->kind, "disaster") != 0)))
				continue;
			c->criteria[c->n_criteria++] = criterion_text(c, a);
		}

	/* 2. locations of the person's roles, by priority, each place once. */
	for (int64_t prio = 1; prio < 100 && c->n_locations < CARD_MAX_ITEMS; prio++)
		for (size_t r = 0; r < n_roles; r++)
			for (size_t i = 0; i < p->n_assembly_locations; i++) {
				const struct assembly_location *l = &p->assembly_locations[i];
				if (l->priority != prio || strcmp(l->role, roles[r]) != 0 ||
				    c->n_locations == CARD_MAX_ITEMS)
					continue;
				bool dup = false;
				for (size_t k = 0; k < c->n_locations; k++)
					dup |= strcmp(c->locations[k].place, l->place) == 0;
				if (!dup)
					c->locations[c->n_locations++] =
						(struct card_location){ (int)prio, l->place, l->online };
			}

	/* 3-2: whom the person's roles report to, then the chief. */
	for (size_t r = 0; r < n_roles; r++) {
		const struct role *role = plan_role(p, roles[r]);
		if (role && role->reports_to)
			add_role_contacts(c, p, role->reports_to, me->id, with_personal);
	}
	for (size_t i = 0; i < p->n_roles && !c->n_contacts; i++)
		if (strcmp(p->roles[i].structure, "crisis") == 0 && !p->roles[i].reports_to)
			add_role_contacts(c, p, p->roles[i].id, me->id, with_personal);
	c->report_destination = p->organisation.report_destination;
	if (checkin_url)
		c->checkin_url = card_strdup(c, checkin_url);
	return 0;
}

/* Reads one optional string member of o into *field. */
static int personal_field(struct card *c, json_t *o, const char *key, const char **field,
			  struct err *e)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return err_set(e, "%s: %s", key, L(c->lang, "文字列ではありません", "not a string"));
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);
	if (n > PERSONAL_MAX_BYTES || !utf8_valid(s, n) || strlen(s) != n)
		return err_set(e, "%s: %s", key,
			       L(c->lang, "長すぎるか不正な文字があります", "too long or not valid text"));
	*field = card_strdup(c, s);
	return 0;
}

int card_personal_from_json(struct card *c, const char *json, size_t len, struct err *e)
{
	json_error_t je;
	json_t *o = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
	if (!o || !json_is_object(o)) {
		json_decref(o);
		return err_set(e, "%s: %s", L(c->lang, "本人情報のJSON", "personal JSON"),
			       o ? L(c->lang, "オブジェクトではありません", "not an object") : je.text);
	}
	struct card_personal ps = c->personal;
	static const struct {
		const char *key;
		size_t off;
	} fields[] = {
		{ "name", offsetof(struct card_personal, name) },
		{ "address", offsetof(struct card_personal, address) },
		{ "mobile", offsetof(struct card_personal, mobile) },
		{ "home_phone", offsetof(struct card_personal, home_phone) },
		{ "insurance_no", offsetof(struct card_personal, insurance_no) },
		{ "meeting_place", offsetof(struct card_personal, meeting_place) },
		{ "evac_work", offsetof(struct card_personal, evac_work) },
		{ "evac_home", offsetof(struct card_personal, evac_home) },
		{ "free_text", offsetof(struct card_personal, free_text) },
	};
	int rc = 0;
	for (size_t i = 0; i < sizeof fields / sizeof fields[0] && !rc; i++)
		rc = personal_field(c, o, fields[i].key,
				    (const char **)(void *)((char *)&ps + fields[i].off), e);
	json_t *fam = json_object_get(o, "family");
	if (!rc && fam && !json_is_array(fam))
		rc = err_set(e, "family: %s", L(c->lang, "配列ではありません", "not an array"));
	for (size_t i = 0; !rc && fam && i < json_array_size(fam) && i < 3; i++) {
		json_t *m = json_array_get(fam, i);
		if (!json_is_object(m)) {
			rc = err_set(e, "family[%zu]: %s", i,
				     L(c->lang, "オブジェクトではありません", "not an object"));
			break;
		}
		rc = personal_field(c, m, "name", &ps.family[i].name, e);
		if (!rc)
			rc = personal_field(c, m, "phone", &ps.family[i].phone, e);
	}
	json_decref(o);
	if (!rc)
		c->personal = ps;
	return rc;
}
