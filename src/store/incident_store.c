/*
 * incident_store.c — incidents, their state and their timeline in SQLite
 * (see incident_store.h for the contract and the canonical form).
 *
 * Every write goes through tl_append(), which reads the chain head inside
 * the write transaction (BEGIN IMMEDIATE holds the write lock, so no one
 * else can append between the read and the insert), hashes the new entry
 * with SHA-256 (util/sha256.h) and inserts it.  The state tables
 * are written in the same transaction.
 */
#include "store/incident_store.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"
#include "store/element_store.h"
#include "util/hex.h"
#include "util/sha256.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"

/* ---- small helpers -------------------------------------------------- */

/* A copy of text column i. */
static char *col_dup(struct stmt *s, int i)
{
	return xstrdup(db_col_text(s, i));
}

/* Integer column i, NO_VALUE for NULL. */
static int64_t col_opt(struct stmt *s, int i)
{
	return db_col_null(s, i) ? NO_VALUE : db_col_int(s, i);
}

/* Binds v, or NULL for NO_VALUE. */
static void bind_opt(struct stmt *s, int i, int64_t v)
{
	if (v == NO_VALUE)
		db_bind_null(s, i);
	else
		db_bind_int(s, i, v);
}

/* Binds text, "" for NULL. */
static void bind_str(struct stmt *s, int i, const char *v)
{
	db_bind_text(s, i, v ? v : "");
}

static const char *tier_letter(enum tier t)
{
	static const char *const n[] = { "S", "A", "B", "C", "D", "E" };
	return t >= TIER_S && t < TIER_COUNT ? n[t] : "";
}

static enum tier tier_from_letter(const char *s)
{
	static const char letters[] = "SABCDE";
	if (!s || !s[0] || s[1])
		return TIER_NONE;
	const char *p = strchr(letters, s[0]);
	return p ? (enum tier)(p - letters) : TIER_NONE;
}

/* Runs a prepared statement to completion; 0 or -1. */
static int run(struct stmt *s, struct err *e)
{
	return db_step(s, e) < 0 ? -1 : 0;
}

/* ---- the chain -------------------------------------------------------- */

/* Appends the JSON form of string s, byte for byte as jansson's compact
 * dump writes it (the canonical form depends on it): '"' and '\\' and the
 * control characters escaped (\b \f \n \r \t, else \u00XX in capitals),
 * everything else, UTF-8 included, verbatim.  Written by hand: going
 * through json_string and json_dumps was a good part of a check-in's CPU. */
static void add_json_string(struct buf *out, const char *s)
{
	if (!s)
		s = "";
	size_t n = strlen(s);
	if (!utf8_valid(s, n))
		BUG("string is not UTF-8 (validate before the store)");
	buf_addc(out, '"');
	const char *run = s;
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		buf_add(out, run, (size_t)(p - run));
		run = p + 1;
		switch (c) {
		case '"': buf_adds(out, "\\\""); break;
		case '\\': buf_adds(out, "\\\\"); break;
		case '\b': buf_adds(out, "\\b"); break;
		case '\f': buf_adds(out, "\\f"); break;
		case '\n': buf_adds(out, "\\n"); break;
		case '\r': buf_adds(out, "\\r"); break;
		case '\t': buf_adds(out, "\\t"); break;
		default: buf_addf(out, "\\u%04X", c); break;
		}
	}
	buf_add(out, run, (size_t)(s + n - run));
	buf_addc(out, '"');
}

/* See incident_store.h. */
void store_timeline_canonical(const struct timeline_entry *t, struct buf *out)
{
	buf_adds(out, "{\"at\":");
	buf_add_int(out, t->at);
	buf_adds(out, ",\"author\":");
	add_json_string(out, t->author);
	buf_adds(out, ",\"content\":");
	buf_adds(out, t->content ? t->content : "null");
	buf_adds(out, ",\"incident\":");
	buf_add_int(out, t->incident);
	buf_adds(out, ",\"kind\":");
	add_json_string(out, t->kind);
	buf_adds(out, ",\"seq\":");
	buf_add_int(out, t->seq);
	buf_addc(out, '}');
}

/* Decodes up to 32 bytes of hex into out (zeros after what there is), as
 * sodium_hex2bin did here before: -1 on an odd length, a character that
 * is not hex, or more than 32 bytes.  Hashes are not secrets: no need for
 * its constant time, which cost as much as a tenth of the hashing. */
static int hash_from_hex(const char *hex, unsigned char out[crypto_hash_sha256_BYTES])
{
	memset(out, 0, crypto_hash_sha256_BYTES);
	size_t i = 0;
	for (; hex[0] && hex[1]; hex += 2, i++) {
		int hi = hex_value(hex[0]), lo = hex_value(hex[1]);
		if (hi < 0 || lo < 0 || i == crypto_hash_sha256_BYTES)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return hex[0] ? -1 : 0;
}

/* See incident_store.h. */
void store_timeline_hash(const char *prev_hash, const struct buf *canonical, char out[65])
{
	static const char digits[] = "0123456789abcdef";
	unsigned char prev[crypto_hash_sha256_BYTES], h[SHA256_BYTES];
	struct sha256 state;
	if (hash_from_hex(prev_hash, prev) != 0)
		memset(prev, 0xff, sizeof prev); /* a malformed prev_hash cannot verify */
	sha256_init(&state);
	sha256_update(&state, prev, sizeof prev);
	sha256_update(&state, canonical->data, canonical->len);
	sha256_final(&state, h);
	for (size_t i = 0; i < sizeof h; i++) {
		out[2 * i] = digits[h[i] >> 4];
		out[2 * i + 1] = digits[h[i] & 15];
	}
	out[64] = '\0';
}

/* The canonical text of a content value (free() it). */
static char *content_text(json_t *content)
{
	char *t = json_dumps(content ? content : json_null(),
			     JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
	if (!t)
		BUG("timeline content cannot be serialised");
	return t;
}

/* Appending to chains, with the heads of the incidents seen in this
 * transaction cached (a batch of check-ins touches few incidents). */
#define HEAD_CACHE 8
struct tl_writer {
	struct stmt head, insert;
	struct {
		int64_t incident, seq;
		char hash[65];
	} cache[HEAD_CACHE];
	size_t n_cache;
	struct buf canon; /* the entry being hashed, its memory kept */
};

static int tl_open(struct store *st, struct tl_writer *w, struct err *e)
{
	memset(w, 0, sizeof *w);
	w->canon = (struct buf)BUF_INIT;
	if (db_prepare(&st->db, &w->head,
		       "SELECT seq, hash FROM incident_timeline WHERE incident = ?1 "
		       "ORDER BY seq DESC LIMIT 1",
		       e) ||
	    db_prepare(&st->db, &w->insert,
		       "INSERT INTO incident_timeline (incident, seq, at, author, kind, content, "
		       "prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
		       e))
		return -1;
	return 0;
}

static void tl_close(struct tl_writer *w)
{
	db_finalize(&w->head);
	db_finalize(&w->insert);
	buf_release(&w->canon);
}

/* Appends an entry whose content is the canonical JSON text `text` to the
 * incident's chain; *seq_out gets its seq. */
static int tl_append_text(struct tl_writer *w, int64_t incident, int64_t at, const char *author,
			  const char *kind, const char *text, int64_t *seq_out, struct err *e)
{
	size_t c = 0;
	while (c < w->n_cache && w->cache[c].incident != incident)
		c++;
	if (c == w->n_cache) {
		if (c == HEAD_CACHE)
			c = 0; /* evict the oldest; rare */
		else
			w->n_cache++;
		w->cache[c].incident = incident;
		w->cache[c].seq = 0;
		memcpy(w->cache[c].hash, ZERO_HASH, 65);
		db_reset(&w->head);
		db_bind_int(&w->head, 1, incident);
		int r = db_step(&w->head, e);
		if (r < 0)
			return -1;
		if (r == 1) {
			w->cache[c].seq = db_col_int(&w->head, 0);
			snprintf(w->cache[c].hash, 65, "%s", db_col_text(&w->head, 1));
		}
		db_reset(&w->head);
	}
	struct timeline_entry t = { .seq = w->cache[c].seq + 1, .incident = incident, .at = at,
				    .author = (char *)author, .kind = (char *)kind,
				    .content = (char *)text };
	char hash[65];
	buf_reset(&w->canon);
	store_timeline_canonical(&t, &w->canon);
	store_timeline_hash(w->cache[c].hash, &w->canon, hash);
	db_reset(&w->insert);
	db_bind_int(&w->insert, 1, incident);
	db_bind_int(&w->insert, 2, t.seq);
	db_bind_int(&w->insert, 3, at);
	db_bind_text(&w->insert, 4, author);
	db_bind_text(&w->insert, 5, kind);
	db_bind_text(&w->insert, 6, text);
	db_bind_text(&w->insert, 7, w->cache[c].hash);
	db_bind_text(&w->insert, 8, hash);
	if (run(&w->insert, e))
		return -1;
	w->cache[c].seq = t.seq;
	memcpy(w->cache[c].hash, hash, 65);
	if (seq_out)
		*seq_out = t.seq;
	return 0;
}

/* tl_append_text with the canonical text of content. */
static int tl_append(struct tl_writer *w, int64_t incident, int64_t at, const char *author,
		     const char *kind, json_t *content, int64_t *seq_out, struct err *e)
{
	char *text = content_text(content);
	int rc = tl_append_text(w, incident, at, author, kind, text, seq_out, e);
	free(text);
	return rc;
}

/* One write: begin, open a writer, (caller's work), append, commit. */
struct tx {
	struct store *st;
	struct tl_writer w;
};

static int tx_begin(struct tx *tx, struct store *st, struct err *e)
{
	tx->st = st;
	if (db_begin(&st->db, e))
		return -1;
	if (tl_open(st, &tx->w, e)) {
		tl_close(&tx->w);
		db_rollback(&st->db);
		return -1;
	}
	return 0;
}

/* Commits when ok is 0, else rolls back; returns 0 only on commit. */
static int tx_end(struct tx *tx, int ok, struct err *e)
{
	tl_close(&tx->w);
	if (ok == 0 && db_commit(&tx->st->db, e) == 0)
		return 0;
	db_rollback(&tx->st->db);
	return -1;
}

/* The state ('open'/'closed') of an incident: 1 open, 0 closed, -1 none. */
static int incident_open_state(struct store *st, int64_t id)
{
	struct stmt s = STMT_INIT;
	int r = -1;
	if (db_prepare(&st->db, &s, "SELECT state FROM incidents WHERE id = ?1", NULL))
		return -1;
	db_bind_int(&s, 1, id);
	if (db_step(&s, NULL) == 1)
		r = strcmp(db_col_text(&s, 0), "open") == 0;
	db_finalize(&s);
	return r;
}

/* Refuses writes to a closed or missing incident. */
static int require_open(struct store *st, int64_t id, struct err *e)
{
	int r = incident_open_state(st, id);
	if (r < 0)
		return err_set(e, "incident %lld: no such incident", (long long)id);
	if (r == 0)
		return err_set(e, "incident %lld: closed", (long long)id);
	return 0;
}

/* ---- create ----------------------------------------------------------- */

/* The areas as JSON text (free() it). */
static char *areas_json(const struct incident *inc)
{
	static const char *const names[] = { "0", "1", "2", "3", "4", "5-", "5+", "6-", "6+", "7" };
	json_t *a = json_array();
	for (size_t i = 0; i < inc->n_areas; i++) {
		int r = inc->areas[i].intensity;
		json_array_append_new(a, json_pack("{s:s, s:s}", "name", inc->areas[i].name,
						   "intensity", r >= 0 && r < 10 ? names[r] : ""));
	}
	char *t = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	return t ? t : xstrdup("[]");
}

static int insert_header(struct store *st, struct incident *inc, struct err *e)
{
	struct stmt s = STMT_INIT;
	char *areas = areas_json(inc);
	int rc = db_prepare(&st->db, &s,
			    "INSERT INTO incidents (event, event_name, event_kind, started_at, "
			    "entered_at, intensity, area, areas, system_hit, text, drill, variant, "
			    "state, procedure, procedure_title, automatic, criterion, "
			    "report_destination, author, source) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
			    "?8, ?9, ?10, ?11, ?12, 'open', ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
			    e);
	if (rc == 0) {
		bind_str(&s, 1, inc->event);
		bind_str(&s, 2, inc->event_name);
		bind_str(&s, 3, inc->event_kind);
		db_bind_int(&s, 4, inc->started_at);
		db_bind_int(&s, 5, inc->entered_at);
		bind_str(&s, 6, inc->intensity);
		bind_str(&s, 7, inc->area);
		bind_str(&s, 8, areas);
		bind_str(&s, 9, inc->system_hit);
		bind_str(&s, 10, inc->text);
		db_bind_int(&s, 11, inc->drill);
		bind_str(&s, 12, time_variant_name(inc->variant));
		bind_str(&s, 13, inc->procedure);
		bind_str(&s, 14, inc->procedure_title);
		db_bind_int(&s, 15, inc->automatic);
		bind_str(&s, 16, inc->criterion);
		bind_str(&s, 17, inc->report_destination);
		bind_str(&s, 18, inc->author);
		bind_str(&s, 19, inc->source);
		rc = run(&s, e);
		inc->id = sqlite3_last_insert_rowid(st->db.h);
	}
	db_finalize(&s);
	free(areas);
	return rc;
}

/* Binds the state columns of a system from ?3 on. */
static void bind_system_state(struct stmt *s, const struct incident_system *x)
{
	static const char *const work[] = WORK_NAMES;
	bind_str(s, 3, x->damage);
	bind_str(s, 4, x->policy);
	bind_opt(s, 5, x->target_level);
	bind_str(s, 6, x->method);
	bind_str(s, 7, incident_enum_name(work, WORK_COUNT, (int)x->work));
	bind_opt(s, 8, x->level);
	bind_opt(s, 9, x->expected_at);
	bind_opt(s, 10, x->restored_at);
	db_bind_int(s, 11, x->validated_data);
	db_bind_int(s, 12, x->validated_function);
	bind_opt(s, 13, x->updated_at);
	bind_str(s, 14, x->updated_by);
}

static int insert_systems(struct store *st, const struct incident *inc, struct err *e)
{
	struct stmt s = STMT_INIT;
	int rc = db_prepare(&st->db, &s,
			    "INSERT INTO incident_systems (incident, system, damage, policy, "
			    "target_level, method, work, level, expected_at, restored_at, "
			    "validated_data, validated_function, updated_at, updated_by, pos, name, "
			    "department, rto_hours, tier, rlo, rlo_percent, hit) VALUES (?1, ?2, ?3, "
			    "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, "
			    "?20, ?21, ?22)",
			    e);
	for (size_t i = 0; rc == 0 && i < inc->n_systems; i++) {
		const struct incident_system *x = &inc->systems[i];
		db_reset(&s);
		db_bind_int(&s, 1, inc->id);
		bind_str(&s, 2, x->system);
		bind_system_state(&s, x);
		db_bind_int(&s, 15, x->pos);
		bind_str(&s, 16, x->name);
		bind_str(&s, 17, x->department);
		bind_opt(&s, 18, x->rto_hours);
		bind_str(&s, 19, tier_letter(x->tier));
		bind_str(&s, 20, x->rlo);
		bind_opt(&s, 21, x->rlo_percent);
		db_bind_int(&s, 22, x->hit);
		rc = run(&s, e);
	}
	db_finalize(&s);
	return rc;
}

/* Inserts or updates one step row. */
static int write_step(struct store *st, int64_t incident, const struct incident_step *x, bool insert,
		      struct err *e)
{
	struct stmt s = STMT_INIT;
	const char *sql = insert
		? "INSERT INTO incident_steps (incident, step, state, due_at, started_at, done_at, "
		  "taken_by, note, no, title, actions, roles, role_names, added) VALUES (?1, ?2, "
		  "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
		: "UPDATE incident_steps SET state = ?3, due_at = ?4, started_at = ?5, done_at = ?6, "
		  "taken_by = ?7, note = ?8 WHERE incident = ?1 AND step = ?2";
	int rc = db_prepare(&st->db, &s, sql, e);
	if (rc == 0) {
		db_bind_int(&s, 1, incident);
		bind_str(&s, 2, x->step);
		bind_str(&s, 3, step_state_name(x->state));
		bind_opt(&s, 4, x->due_at);
		bind_opt(&s, 5, x->started_at);
		bind_opt(&s, 6, x->done_at);
		bind_str(&s, 7, x->taken_by);
		bind_str(&s, 8, x->note);
		if (insert) {
			db_bind_int(&s, 9, x->no);
			bind_str(&s, 10, x->title);
			bind_str(&s, 11, x->actions);
			bind_str(&s, 12, x->roles);
			bind_str(&s, 13, x->role_names);
			db_bind_int(&s, 14, x->added);
		}
		rc = run(&s, e);
		if (rc == 0 && !insert && sqlite3_changes(st->db.h) != 1)
			rc = err_set(e, "step %s: not in incident %lld", x->step, (long long)incident);
	}
	db_finalize(&s);
	return rc;
}

static int insert_people(struct store *st, const struct incident *inc, struct err *e)
{
	struct stmt s = STMT_INIT, h = STMT_INIT;
	int rc = db_prepare(&st->db, &s,
			    "INSERT INTO incident_people (incident, person, pos, name, department, "
			    "location, roles, called) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
			    e);
	for (size_t i = 0; rc == 0 && i < inc->n_people; i++) {
		const struct incident_person *p = &inc->people[i];
		db_reset(&s);
		db_bind_int(&s, 1, inc->id);
		bind_str(&s, 2, p->person);
		db_bind_int(&s, 3, (int64_t)i);
		bind_str(&s, 4, p->name);
		bind_str(&s, 5, p->department);
		bind_str(&s, 6, p->location);
		bind_str(&s, 7, p->roles);
		db_bind_int(&s, 8, p->called);
		rc = run(&s, e);
	}
	if (rc == 0)
		rc = db_prepare(&st->db, &h,
				"INSERT INTO incident_holders (incident, pos, role, role_name, person, "
				"rank) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
				e);
	for (size_t i = 0; rc == 0 && i < inc->n_holders; i++) {
		const struct incident_holder *x = &inc->holders[i];
		db_reset(&h);
		db_bind_int(&h, 1, inc->id);
		db_bind_int(&h, 2, (int64_t)i);
		bind_str(&h, 3, x->role);
		bind_str(&h, 4, x->role_name);
		bind_str(&h, 5, x->person);
		db_bind_int(&h, 6, x->rank);
		rc = run(&h, e);
	}
	db_finalize(&s);
	db_finalize(&h);
	return rc;
}

/* See incident_store.h. */
int store_incident_create(struct store *st, struct incident *inc, int64_t at, const char *author,
			  json_t *content, struct err *e)
{
	struct tx tx;
	if (tx_begin(&tx, st, e))
		return -1;
	int rc = insert_header(st, inc, e);
	if (rc == 0)
		rc = insert_systems(st, inc, e);
	for (size_t i = 0; rc == 0 && i < inc->n_steps; i++)
		rc = write_step(st, inc->id, &inc->steps[i], true, e);
	if (rc == 0)
		rc = insert_people(st, inc, e);
	if (rc == 0)
		rc = tl_append(&tx.w, inc->id, at, author, "start", content, &inc->last_seq, e);
	if (rc == 0)
		snprintf(inc->last_hash, sizeof inc->last_hash, "%s", tx.w.cache[0].hash);
	return tx_end(&tx, rc, e);
}

/* ---- load ------------------------------------------------------------- */

#define HEADER_COLS                                                                        \
	"id, event, event_name, event_kind, started_at, entered_at, intensity, area, areas, " \
	"system_hit, text, drill, variant, state, closed_at, procedure, procedure_title, "   \
	"automatic, criterion, report_destination, author, source, review"

/* Fills the header of inc from the current row of HEADER_COLS. */
static void read_header(struct stmt *s, struct incident *inc)
{
	static const char *const variants[] = TIME_VARIANT_NAMES;
	inc->id = db_col_int(s, 0);
	inc->event = col_dup(s, 1);
	inc->event_name = col_dup(s, 2);
	inc->event_kind = col_dup(s, 3);
	inc->started_at = db_col_int(s, 4);
	inc->entered_at = db_col_int(s, 5);
	inc->intensity = col_dup(s, 6);
	inc->area = col_dup(s, 7);
	json_t *a = json_loads(db_col_text(s, 8), 0, NULL);
	size_t n = json_is_array(a) ? json_array_size(a) : 0;
	inc->areas = xcalloc(n + 1, sizeof *inc->areas);
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_array_get(a, i);
		const char *name = json_string_value(json_object_get(o, "name"));
		const char *in = json_string_value(json_object_get(o, "intensity"));
		static const char *const names[] = { "0", "1", "2", "3", "4", "5-", "5+", "6-", "6+", "7" };
		inc->areas[i].name = xstrdup(name ? name : "");
		inc->areas[i].intensity = incident_enum_parse(names, 10, in);
	}
	inc->n_areas = n;
	json_decref(a);
	inc->system_hit = col_dup(s, 9);
	inc->text = col_dup(s, 10);
	inc->drill = db_col_int(s, 11) != 0;
	inc->variant = incident_enum_parse(variants, 2, db_col_text(s, 12)) == 1
		? VARIANT_NIGHT_HOLIDAY : VARIANT_WEEKDAY_DAY;
	inc->state = strcmp(db_col_text(s, 13), "closed") == 0 ? INCIDENT_CLOSED : INCIDENT_OPEN;
	inc->closed_at = col_opt(s, 14);
	inc->procedure = col_dup(s, 15);
	inc->procedure_title = col_dup(s, 16);
	inc->automatic = db_col_int(s, 17) != 0;
	inc->criterion = col_dup(s, 18);
	inc->report_destination = col_dup(s, 19);
	inc->author = col_dup(s, 20);
	inc->source = col_dup(s, 21);
	inc->review = col_dup(s, 22);
}

/* See incident_store.h. */
int store_incident_list(struct store *st, struct incident **out, size_t *n, struct err *e)
{
	struct stmt s = STMT_INIT;
	size_t cap = 0;
	int r;
	*out = NULL;
	*n = 0;
	if (db_prepare(&st->db, &s, "SELECT " HEADER_COLS " FROM incidents ORDER BY id DESC", e))
		return -1;
	while ((r = db_step(&s, e)) == 1) {
		*out = xgrow(*out, &cap, *n + 1, sizeof **out);
		memset(&(*out)[*n], 0, sizeof **out);
		read_header(&s, &(*out)[(*n)++]);
	}
	db_finalize(&s);
	if (r < 0) {
		for (size_t i = 0; i < *n; i++)
			incident_release(&(*out)[i]);
		free(*out);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

static int load_systems(struct store *st, struct incident *inc, struct err *e)
{
	struct stmt s = STMT_INIT;
	size_t cap = 0;
	int r;
	if (db_prepare(&st->db, &s,
		       "SELECT system, name, department, rto_hours, tier, rlo, rlo_percent, hit, pos, "
		       "damage, policy, target_level, method, work, level, expected_at, restored_at, "
		       "validated_data, validated_function, updated_at, updated_by "
		       "FROM incident_systems WHERE incident = ?1 ORDER BY pos",
		       e))
		return -1;
	db_bind_int(&s, 1, inc->id);
	while ((r = db_step(&s, e)) == 1) {
		inc->systems = xgrow(inc->systems, &cap, inc->n_systems + 1, sizeof *inc->systems);
		struct incident_system *x = &inc->systems[inc->n_systems++];
		x->system = col_dup(&s, 0);
		x->name = col_dup(&s, 1);
		x->department = col_dup(&s, 2);
		x->rto_hours = col_opt(&s, 3);
		x->tier = tier_from_letter(db_col_text(&s, 4));
		x->rlo = col_dup(&s, 5);
		x->rlo_percent = col_opt(&s, 6);
		x->hit = db_col_int(&s, 7) != 0;
		x->pos = db_col_int(&s, 8);
		x->damage = col_dup(&s, 9);
		x->policy = col_dup(&s, 10);
		x->target_level = col_opt(&s, 11);
		x->method = col_dup(&s, 12);
		int w = work_state_parse(db_col_text(&s, 13));
		x->work = w < 0 ? WORK_NOT_STARTED : (enum work_state)w;
		x->level = col_opt(&s, 14);
		x->expected_at = col_opt(&s, 15);
		x->restored_at = col_opt(&s, 16);
		x->validated_data = db_col_int(&s, 17) != 0;
		x->validated_function = db_col_int(&s, 18) != 0;
		x->updated_at = col_opt(&s, 19);
		x->updated_by = col_dup(&s, 20);
	}
	db_finalize(&s);
	return r;
}

static int load_steps(struct store *st, struct incident *inc, struct err *e)
{
	struct stmt s = STMT_INIT;
	size_t cap = 0;
	int r;
	if (db_prepare(&st->db, &s,
		       "SELECT step, no, title, actions, roles, role_names, added, state, due_at, "
		       "started_at, done_at, taken_by, note FROM incident_steps WHERE incident = ?1 "
		       "ORDER BY no, rowid",
		       e))
		return -1;
	db_bind_int(&s, 1, inc->id);
	while ((r = db_step(&s, e)) == 1) {
		inc->steps = xgrow(inc->steps, &cap, inc->n_steps + 1, sizeof *inc->steps);
		struct incident_step *x = &inc->steps[inc->n_steps++];
		x->step = col_dup(&s, 0);
		x->no = db_col_int(&s, 1);
		x->title = col_dup(&s, 2);
		x->actions = col_dup(&s, 3);
		x->roles = col_dup(&s, 4);
		x->role_names = col_dup(&s, 5);
		x->added = db_col_int(&s, 6) != 0;
		int k = step_state_parse(db_col_text(&s, 7));
		x->state = k < 0 ? STEP_PENDING : (enum step_state)k;
		x->due_at = col_opt(&s, 8);
		x->started_at = col_opt(&s, 9);
		x->done_at = col_opt(&s, 10);
		x->taken_by = col_dup(&s, 11);
		x->note = col_dup(&s, 12);
	}
	db_finalize(&s);
	return r;
}

static int load_people(struct store *st, struct incident *inc, struct err *e)
{
	struct stmt s = STMT_INIT;
	size_t cap = 0;
	int r;
	if (db_prepare(&st->db, &s,
		       "SELECT person, name, department, location, roles, called FROM "
		       "incident_people WHERE incident = ?1 ORDER BY pos",
		       e))
		return -1;
	db_bind_int(&s, 1, inc->id);
	while ((r = db_step(&s, e)) == 1) {
		inc->people = xgrow(inc->people, &cap, inc->n_people + 1, sizeof *inc->people);
		struct incident_person *x = &inc->people[inc->n_people++];
		x->person = col_dup(&s, 0);
		x->name = col_dup(&s, 1);
		x->department = col_dup(&s, 2);
		x->location = col_dup(&s, 3);
		x->roles = col_dup(&s, 4);
		x->called = db_col_int(&s, 5) != 0;
	}
	db_finalize(&s);
	incident_index_people(inc);
	if (r < 0)
		return -1;
	cap = 0;
	if (db_prepare(&st->db, &s,
		       "SELECT role, role_name, person, rank FROM incident_holders WHERE incident = ?1 "
		       "ORDER BY pos",
		       e))
		return -1;
	db_bind_int(&s, 1, inc->id);
	while ((r = db_step(&s, e)) == 1) {
		inc->holders = xgrow(inc->holders, &cap, inc->n_holders + 1, sizeof *inc->holders);
		struct incident_holder *x = &inc->holders[inc->n_holders++];
		x->role = col_dup(&s, 0);
		x->role_name = col_dup(&s, 1);
		x->person = col_dup(&s, 2);
		x->rank = db_col_int(&s, 3);
	}
	db_finalize(&s);
	return r;
}

/* Every report, or with board_only each person's latest and earliest
 * (enough for the board: the latest counts, the earliest dates the
 * answer).  Every report's person is in incident_people (checkin_admit),
 * and the writer keeps each person's latest and earliest report ids on
 * that row (007), so the board's cost follows the people, not the
 * reports. */
static int load_checkins(struct store *st, struct incident *inc, bool board_only, struct err *e)
{
	struct stmt s = STMT_INIT;
	size_t cap = 0;
	int r;
	if (db_prepare(&st->db, &s,
		       board_only
			       ? "SELECT id, person, status, assembly, eta, location, note, at, author, "
				 "seq FROM incident_checkins WHERE id IN (SELECT last_checkin FROM "
				 "incident_people WHERE incident = ?1 UNION SELECT first_checkin FROM "
				 "incident_people WHERE incident = ?1) ORDER BY id"
			       : "SELECT id, person, status, assembly, eta, location, note, at, author, "
				 "seq FROM incident_checkins WHERE incident = ?1 ORDER BY id",
		       e))
		return -1;
	db_bind_int(&s, 1, inc->id);
	while ((r = db_step(&s, e)) == 1) {
		inc->checkins = xgrow(inc->checkins, &cap, inc->n_checkins + 1, sizeof *inc->checkins);
		struct checkin *x = &inc->checkins[inc->n_checkins++];
		x->id = db_col_int(&s, 0);
		x->incident = inc->id;
		x->person = col_dup(&s, 1);
		int k = checkin_status_parse(db_col_text(&s, 2));
		x->status = k < 0 ? CHECKIN_CANNOT_ACT : (enum checkin_status)k;
		k = checkin_assembly_parse(db_col_text(&s, 3));
		x->assembly = k < 0 ? ASSEMBLY_NO : (enum checkin_assembly)k;
		x->eta = col_opt(&s, 4);
		x->location = col_dup(&s, 5);
		x->note = col_dup(&s, 6);
		x->at = db_col_int(&s, 7);
		x->author = col_dup(&s, 8);
		x->seq = db_col_int(&s, 9);
	}
	db_finalize(&s);
	return r;
}

static int load_records(struct store *st, struct incident *inc, struct err *e)
{
	struct stmt s = STMT_INIT;
	size_t cap = 0;
	int r;
	if (db_prepare(&st->db, &s,
		       "SELECT seq, at, author, kind, text FROM incident_records WHERE incident = ?1 "
		       "ORDER BY seq",
		       e))
		return -1;
	db_bind_int(&s, 1, inc->id);
	while ((r = db_step(&s, e)) == 1) {
		inc->records = xgrow(inc->records, &cap, inc->n_records + 1, sizeof *inc->records);
		struct incident_record *x = &inc->records[inc->n_records++];
		x->seq = db_col_int(&s, 0);
		x->at = db_col_int(&s, 1);
		x->author = col_dup(&s, 2);
		x->kind = col_dup(&s, 3);
		x->text = col_dup(&s, 4);
	}
	db_finalize(&s);
	if (r < 0)
		return -1;
	if (db_prepare(&st->db, &s,
		       "SELECT seq, hash FROM incident_timeline WHERE incident = ?1 ORDER BY seq DESC "
		       "LIMIT 1",
		       e))
		return -1;
	db_bind_int(&s, 1, inc->id);
	if ((r = db_step(&s, e)) == 1) {
		inc->last_seq = db_col_int(&s, 0);
		snprintf(inc->last_hash, sizeof inc->last_hash, "%s", db_col_text(&s, 1));
	}
	db_finalize(&s);
	return r < 0 ? -1 : 0;
}

/* Loads incident id; see store_incident_load and store_incident_load_board. */
/* How much of an incident to load. */
enum load_depth {
	LOAD_ALL,     /* store_incident_load */
	LOAD_BOARD,   /* store_incident_load_board */
	LOAD_SUMMARY, /* store_incident_load_summary: header and systems */
};

/* Those called for incident id and how many of them have answered, from
 * the latest report the writer keeps on each person's row (007). */
static int load_answer_counts(struct store *st, int64_t id, size_t *called, size_t *answered,
			      struct err *e)
{
	struct stmt s = STMT_INIT;
	if (db_prepare(&st->db, &s,
		       "SELECT count(*), count(last_checkin) FROM incident_people WHERE incident = "
		       "?1 AND called = 1",
		       e))
		return -1;
	db_bind_int(&s, 1, id);
	int r = db_step(&s, e);
	if (r == 1) {
		*called = (size_t)db_col_int(&s, 0);
		*answered = (size_t)db_col_int(&s, 1);
	}
	db_finalize(&s);
	return r == 1 ? 0 : -1;
}

static int load_incident(struct store *st, int64_t id, enum load_depth depth,
			 struct incident *out, size_t *called, size_t *answered, struct err *e)
{
	struct stmt s = STMT_INIT;
	int r;
	memset(out, 0, sizeof *out);
	/* One read transaction: a consistent picture while writers go on. */
	if (db_read_begin(&st->db, e))
		return -1;
	if (db_prepare(&st->db, &s, "SELECT " HEADER_COLS " FROM incidents WHERE id = ?1", e)) {
		r = -1;
		goto out;
	}
	db_bind_int(&s, 1, id);
	r = db_step(&s, e);
	if (r == 1)
		read_header(&s, out);
	db_finalize(&s);
	if (r <= 0) {
		r = r == 0 ? 1 : -1;
		goto out;
	}
	if (depth == LOAD_SUMMARY)
		r = load_systems(st, out, e) || load_answer_counts(st, id, called, answered, e)
			? -1
			: 0;
	else if (load_systems(st, out, e) || load_steps(st, out, e) || load_people(st, out, e) ||
		 load_checkins(st, out, depth == LOAD_BOARD, e) || load_records(st, out, e))
		r = -1;
	else
		r = 0;
out:
	db_read_end(&st->db);
	if (r != 0)
		incident_release(out);
	return r;
}

/* See incident_store.h. */
int store_incident_load(struct store *st, int64_t id, struct incident *out, struct err *e)
{
	return load_incident(st, id, LOAD_ALL, out, NULL, NULL, e);
}

/* See incident_store.h. */
int store_incident_load_board(struct store *st, int64_t id, struct incident *out, struct err *e)
{
	return load_incident(st, id, LOAD_BOARD, out, NULL, NULL, e);
}

/* See incident_store.h. */
int store_incident_load_summary(struct store *st, int64_t id, struct incident *out,
				size_t *called, size_t *answered, struct err *e)
{
	*called = *answered = 0;
	return load_incident(st, id, LOAD_SUMMARY, out, called, answered, e);
}

/* ---- check-ins ---------------------------------------------------------- */

/* See incident_store.h. */
int store_incidents_open_for(struct store *st, const char *person, int64_t *ids, size_t max,
			     struct err *e)
{
	struct stmt s = STMT_INIT;
	size_t n = 0;
	int r;
	if (db_prepare(&st->db, &s,
		       "SELECT i.id FROM incidents i JOIN incident_people p ON p.incident = i.id "
		       "WHERE i.state = 'open' AND p.person = ?1 AND p.called = 1 ORDER BY i.id DESC",
		       e))
		return -1;
	db_bind_text(&s, 1, person);
	while ((r = db_step(&s, e)) == 1 && n < max)
		ids[n++] = db_col_int(&s, 0);
	db_finalize(&s);
	return r < 0 ? -1 : (int)n;
}

/* True for valid UTF-8 of at most max bytes, no control characters but
 * newline and tab. */
static bool text_ok(const char *s, size_t max)
{
	if (!s)
		return true;
	size_t n = strlen(s);
	if (n > max || !utf8_valid(s, n))
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 && s[i] != '\n' && s[i] != '\t')
			return false;
	return true;
}

/* See incident_store.h. */
int store_checkin_check(const struct checkin_report *r, const char **field)
{
	const char *f = NULL;
	if (r->incident <= 0)
		f = "incident";
	else if (!r->person || !*r->person || !text_ok(r->person, 200))
		f = "person";
	else if ((int)r->status < 0 || r->status >= CHECKIN_STATUS_COUNT)
		f = "status";
	else if ((int)r->assembly < 0 || r->assembly >= ASSEMBLY_COUNT)
		f = "assembly";
	else if (r->eta != NO_VALUE && (r->eta < 0 || r->eta > 4102444800LL))
		f = "eta";
	else if (!text_ok(r->location, 200))
		f = "location";
	else if (!text_ok(r->note, 1000))
		f = "note";
	else if (r->at <= 0 || r->recorded_at < 0)
		f = "at";
	else if (!r->author || !*r->author || !text_ok(r->author, 200))
		f = "author";
	if (field)
		*field = f;
	return f ? -1 : 0;
}

/* The content of a check-in's timeline entry, in its canonical text
 * (content_text's: compact, keys sorted), written straight into out:
 *   {"assembly":"…","at":AT,"eta":ETA|null,"location":"…","note":"…",
 *    "person":"…","status":"…"}
 * tests/unit/test_crisis_store.c holds it to jansson's bytes. */
static void checkin_content_text(const struct checkin_report *r, struct buf *out)
{
	buf_reset(out);
	buf_adds(out, "{\"assembly\":");
	add_json_string(out, checkin_assembly_name(r->assembly));
	buf_adds(out, ",\"at\":");
	buf_add_int(out, r->at);
	buf_adds(out, ",\"eta\":");
	if (r->eta == NO_VALUE)
		buf_adds(out, "null");
	else
		buf_add_int(out, r->eta);
	buf_adds(out, ",\"location\":");
	add_json_string(out, r->location);
	buf_adds(out, ",\"note\":");
	add_json_string(out, r->note);
	buf_adds(out, ",\"person\":");
	add_json_string(out, r->person);
	buf_adds(out, ",\"status\":");
	add_json_string(out, checkin_status_name(r->status));
	buf_addc(out, '}');
}

/* Statements of a check-in batch, and the state of the incident last
 * looked up (a batch mostly reports on one incident, and inside its write
 * transaction the state cannot change under it: the batch writes only
 * check-ins). */
struct checkin_stmts {
	struct stmt open, called, insert, latest;
	int64_t seen_incident; /* 0: none yet */
	enum checkin_outcome seen_state; /* CHECKIN_RECORDED (open), _CLOSED, _NO_INCIDENT */
};

/* The database's verdict on report r (outcome), before writing. */
static enum checkin_outcome checkin_admit(struct checkin_stmts *q, const struct checkin_report *r,
					  struct err *e, int *fail)
{
	int k;
	if (q->seen_incident != r->incident) {
		db_reset(&q->open);
		db_bind_int(&q->open, 1, r->incident);
		k = db_step(&q->open, e);
		if (k < 0) {
			*fail = 1;
			return CHECKIN_NOT_WRITTEN;
		}
		q->seen_state = k == 0 ? CHECKIN_NO_INCIDENT
			      : strcmp(db_col_text(&q->open, 0), "open") == 0 ? CHECKIN_RECORDED
									  : CHECKIN_CLOSED;
		q->seen_incident = r->incident;
		db_reset(&q->open);
	}
	if (q->seen_state != CHECKIN_RECORDED)
		return q->seen_state;
	if (r->person_known)
		return CHECKIN_RECORDED;
	db_reset(&q->called);
	db_bind_int(&q->called, 1, r->incident);
	db_bind_text(&q->called, 2, r->person);
	k = db_step(&q->called, e);
	db_reset(&q->called);
	if (k < 0) {
		*fail = 1;
		return CHECKIN_NOT_WRITTEN;
	}
	return k == 1 ? CHECKIN_RECORDED : CHECKIN_NOT_CALLED;
}

/* See incident_store.h. */
int store_checkins_append(struct store *st, const struct checkin_report *reports, size_t n,
			  struct checkin_result *results, struct err *e)
{
	struct checkin_stmts q = { STMT_INIT, STMT_INIT, STMT_INIT, STMT_INIT, 0,
				   CHECKIN_NOT_WRITTEN };
	struct buf content = BUF_INIT;
	struct tx tx;
	int rc = 0, fail = 0;
	for (size_t i = 0; i < n; i++)
		results[i] = (struct checkin_result){ CHECKIN_NOT_WRITTEN, NULL, 0, 0 };
	if (tx_begin(&tx, st, e))
		return -1;
	if (db_prepare(&st->db, &q.open, "SELECT state FROM incidents WHERE id = ?1", e) ||
	    db_prepare(&st->db, &q.called,
		       "SELECT 1 FROM incident_people WHERE incident = ?1 AND person = ?2", e) ||
	    db_prepare(&st->db, &q.insert,
		       "INSERT INTO incident_checkins (incident, person, status, assembly, eta, "
		       "location, note, at, author, seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
		       "?10)",
		       e) ||
	    /* The person's latest and earliest report (007); a later report
	     * with the same `at` leaves the earliest as it is. */
	    db_prepare(&st->db, &q.latest,
		       "UPDATE incident_people SET last_checkin = ?3, first_checkin = CASE WHEN "
		       "first_at IS NULL OR ?4 < first_at THEN ?3 ELSE first_checkin END, first_at "
		       "= CASE WHEN first_at IS NULL OR ?4 < first_at THEN ?4 ELSE first_at END "
		       "WHERE incident = ?1 AND person = ?2",
		       e))
		rc = -1;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		const struct checkin_report *r = &reports[i];
		struct checkin_result *res = &results[i];
		if (store_checkin_check(r, &res->field)) {
			res->outcome = CHECKIN_BAD_INPUT;
			continue;
		}
		res->outcome = checkin_admit(&q, r, e, &fail);
		if (fail) {
			rc = -1;
			break;
		}
		if (res->outcome != CHECKIN_RECORDED)
			continue;
		checkin_content_text(r, &content);
		rc = tl_append_text(&tx.w, r->incident, r->recorded_at > 0 ? r->recorded_at : r->at,
				    r->author, "checkin", content.data, &res->seq, e);
		if (rc)
			break;
		db_reset(&q.insert);
		db_bind_int(&q.insert, 1, r->incident);
		db_bind_text(&q.insert, 2, r->person);
		db_bind_text(&q.insert, 3, checkin_status_name(r->status));
		db_bind_text(&q.insert, 4, checkin_assembly_name(r->assembly));
		bind_opt(&q.insert, 5, r->eta);
		bind_str(&q.insert, 6, r->location);
		bind_str(&q.insert, 7, r->note);
		db_bind_int(&q.insert, 8, r->at);
		db_bind_text(&q.insert, 9, r->author);
		db_bind_int(&q.insert, 10, res->seq);
		if ((rc = run(&q.insert, e)) != 0)
			break;
		res->id = sqlite3_last_insert_rowid(st->db.h);
		db_reset(&q.latest);
		db_bind_int(&q.latest, 1, r->incident);
		db_bind_text(&q.latest, 2, r->person);
		db_bind_int(&q.latest, 3, res->id);
		db_bind_int(&q.latest, 4, r->at);
		if ((rc = run(&q.latest, e)) != 0)
			break;
	}
	db_finalize(&q.open);
	db_finalize(&q.called);
	db_finalize(&q.insert);
	db_finalize(&q.latest);
	buf_release(&content);
	if (tx_end(&tx, rc, e)) {
		for (size_t i = 0; i < n; i++)
			results[i] = (struct checkin_result){ CHECKIN_NOT_WRITTEN, NULL, 0, 0 };
		return -1;
	}
	return 0;
}

/* ---- other writes ---------------------------------------------------------- */

/* See incident_store.h. */
int store_incident_step_put(struct store *st, int64_t incident, const struct incident_step *s,
			    bool insert, int64_t at, const char *author, const char *kind,
			    json_t *content, struct err *e)
{
	struct tx tx;
	if (tx_begin(&tx, st, e))
		return -1;
	int rc = require_open(st, incident, e);
	if (rc == 0)
		rc = write_step(st, incident, s, insert, e);
	if (rc == 0)
		rc = tl_append(&tx.w, incident, at, author, kind, content, NULL, e);
	return tx_end(&tx, rc, e);
}

/* See incident_store.h. */
int store_incident_system_put(struct store *st, int64_t incident, const struct incident_system *x,
			      int64_t at, const char *author, json_t *content, struct err *e)
{
	struct tx tx;
	struct stmt s = STMT_INIT;
	if (tx_begin(&tx, st, e))
		return -1;
	int rc = require_open(st, incident, e);
	if (rc == 0)
		rc = db_prepare(&st->db, &s,
				"UPDATE incident_systems SET damage = ?3, policy = ?4, target_level = ?5, "
				"method = ?6, work = ?7, level = ?8, expected_at = ?9, restored_at = ?10, "
				"validated_data = ?11, validated_function = ?12, updated_at = ?13, "
				"updated_by = ?14 WHERE incident = ?1 AND system = ?2",
				e);
	if (rc == 0) {
		db_bind_int(&s, 1, incident);
		bind_str(&s, 2, x->system);
		bind_system_state(&s, x);
		rc = run(&s, e);
		if (rc == 0 && sqlite3_changes(st->db.h) != 1)
			rc = err_set(e, "system %s: not in incident %lld", x->system, (long long)incident);
	}
	db_finalize(&s);
	if (rc == 0)
		rc = tl_append(&tx.w, incident, at, author, "system", content, NULL, e);
	return tx_end(&tx, rc, e);
}

/* See incident_store.h. */
int store_incident_record_add(struct store *st, int64_t incident, const char *kind,
			      const char *text, int64_t at, const char *author, int64_t *seq,
			      struct err *e)
{
	struct tx tx;
	struct stmt s = STMT_INIT;
	int64_t q = 0;
	if (tx_begin(&tx, st, e))
		return -1;
	int rc = require_open(st, incident, e);
	if (rc == 0) {
		json_t *content = json_pack("{s:s}", "text", text);
		rc = tl_append(&tx.w, incident, at, author, kind, content, &q, e);
		json_decref(content);
	}
	if (rc == 0)
		rc = db_prepare(&st->db, &s,
				"INSERT INTO incident_records (incident, seq, at, author, kind, text) "
				"VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
				e);
	if (rc == 0) {
		db_bind_int(&s, 1, incident);
		db_bind_int(&s, 2, q);
		db_bind_int(&s, 3, at);
		db_bind_text(&s, 4, author);
		db_bind_text(&s, 5, kind);
		db_bind_text(&s, 6, text);
		rc = run(&s, e);
	}
	db_finalize(&s);
	if (seq)
		*seq = q;
	return tx_end(&tx, rc, e);
}

/* Sets the review column of an incident. */
static int set_review(struct store *st, int64_t incident, const char *review, struct err *e)
{
	struct stmt s = STMT_INIT;
	int rc = db_prepare(&st->db, &s, "UPDATE incidents SET review = ?2 WHERE id = ?1", e);
	if (rc == 0) {
		db_bind_int(&s, 1, incident);
		db_bind_text(&s, 2, review);
		rc = run(&s, e);
	}
	db_finalize(&s);
	return rc;
}

/* See incident_store.h. */
int store_incident_review_put(struct store *st, int64_t incident, const char *review_json,
			      int64_t at, const char *author, const char *kind, json_t *content,
			      struct err *e)
{
	struct tx tx;
	if (tx_begin(&tx, st, e))
		return -1;
	int rc = incident_open_state(st, incident) < 0
		? err_set(e, "incident %lld: no such incident", (long long)incident) : 0;
	if (rc == 0)
		rc = set_review(st, incident, review_json, e);
	if (rc == 0)
		rc = tl_append(&tx.w, incident, at, author, kind, content, NULL, e);
	return tx_end(&tx, rc, e);
}

/* See incident_store.h. */
int store_incident_close(struct store *st, int64_t incident, const char *review_json, int64_t at,
			 const char *author, json_t *content, const struct training *training,
			 const struct training_record *record, struct err *e)
{
	struct tx tx;
	struct stmt s = STMT_INIT;
	if (tx_begin(&tx, st, e))
		return -1;
	int rc = require_open(st, incident, e);
	if (rc == 0)
		rc = db_prepare(&st->db, &s,
				"UPDATE incidents SET state = 'closed', closed_at = ?2, review = ?3 "
				"WHERE id = ?1",
				e);
	if (rc == 0) {
		db_bind_int(&s, 1, incident);
		db_bind_int(&s, 2, at);
		db_bind_text(&s, 3, review_json);
		rc = run(&s, e);
	}
	db_finalize(&s);
	/* The drill's §4.1 training and training record go last in the plan's
	 * lists, through the same schema-driven insert as the pages use. */
	if (rc == 0 && training)
		rc = element_store_append(st, schema_entity("trainings"), training, e);
	if (rc == 0 && record)
		rc = element_store_append(st, schema_entity("training_records"), record, e);
	if (rc == 0)
		rc = tl_append(&tx.w, incident, at, author, "close", content, NULL, e);
	return tx_end(&tx, rc, e);
}

/* ---- timeline --------------------------------------------------------------- */

/* One row of SELECT TIMELINE_COLS into t, its strings borrowed from the
 * statement (valid until the next step). */
#define TIMELINE_COLS "seq, at, author, kind, content, prev_hash, hash"
static void entry_borrow(struct stmt *s, int64_t incident, struct timeline_entry *t)
{
	t->seq = db_col_int(s, 0);
	t->incident = incident;
	t->at = db_col_int(s, 1);
	t->author = (char *)db_col_text(s, 2);
	t->kind = (char *)db_col_text(s, 3);
	t->content = (char *)db_col_text(s, 4);
	snprintf(t->prev_hash, sizeof t->prev_hash, "%s", db_col_text(s, 5));
	snprintf(t->hash, sizeof t->hash, "%s", db_col_text(s, 6));
}

/* The entries the prepared statement s yields, owned, into *out. */
static int entries_read(struct stmt *s, int64_t incident, struct timeline_entry **out, size_t *n,
			struct err *e)
{
	size_t cap = 0;
	int r;
	*out = NULL;
	*n = 0;
	while ((r = db_step(s, e)) == 1) {
		*out = xgrow(*out, &cap, *n + 1, sizeof **out);
		struct timeline_entry *t = &(*out)[(*n)++];
		entry_borrow(s, incident, t);
		t->author = xstrdup(t->author);
		t->kind = xstrdup(t->kind);
		t->content = xstrdup(t->content);
	}
	db_finalize(s);
	if (r < 0) {
		for (size_t i = 0; i < *n; i++)
			timeline_entry_release(&(*out)[i]);
		free(*out);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}

/* See incident_store.h. */
int store_timeline_load(struct store *st, int64_t incident, struct timeline_entry **out,
			size_t *n, struct err *e)
{
	struct stmt s = STMT_INIT;
	*out = NULL;
	*n = 0;
	if (db_prepare(&st->db, &s,
		       "SELECT " TIMELINE_COLS " FROM incident_timeline WHERE incident = ?1 ORDER BY seq",
		       e))
		return -1;
	db_bind_int(&s, 1, incident);
	return entries_read(&s, incident, out, n, e);
}

/* See incident_store.h. */
int store_timeline_page(struct store *st, int64_t incident, int64_t before, size_t limit,
			struct timeline_entry **out, size_t *n, struct err *e)
{
	struct stmt s = STMT_INIT;
	*out = NULL;
	*n = 0;
	if (db_prepare(&st->db, &s,
		       "SELECT " TIMELINE_COLS " FROM incident_timeline WHERE incident = ?1 AND seq < ?2 "
		       "ORDER BY seq DESC LIMIT ?3",
		       e))
		return -1;
	db_bind_int(&s, 1, incident);
	db_bind_int(&s, 2, before > 0 ? before : INT64_MAX);
	db_bind_int(&s, 3, (int64_t)limit);
	return entries_read(&s, incident, out, n, e);
}

/* Why entry t (expected seq, previous hash prev) does not verify, or NULL. */
static const char *entry_fault(const struct timeline_entry *t, int64_t expect_seq,
			       const char *prev)
{
	if (t->seq != expect_seq)
		return "sequence gap (an entry is missing)";
	if (strcmp(t->prev_hash, prev) != 0)
		return "prev_hash does not match the previous entry's hash";
	json_error_t je;
	json_t *j = json_loads(t->content, JSON_DECODE_ANY, &je);
	if (!j)
		return "content is not JSON";
	char *canon = content_text(j);
	json_decref(j);
	bool same = strcmp(canon, t->content) == 0;
	free(canon);
	if (!same)
		return "content is not in canonical form";
	if (!utf8_valid(t->author, strlen(t->author)) || !utf8_valid(t->kind, strlen(t->kind)))
		return "author or kind is not UTF-8";
	struct buf b = BUF_INIT;
	char h[65];
	store_timeline_canonical(t, &b);
	store_timeline_hash(prev, &b, h);
	buf_release(&b);
	if (sodium_memcmp(h, t->hash, 64) != 0 || strlen(t->hash) != 64)
		return "hash does not match the entry's contents";
	return NULL;
}

/* See incident_store.h.  Row by row, so that a record of hundreds of
 * thousands of entries is checked in the memory of one. */
int store_timeline_verify(struct store *st, int64_t incident, struct timeline_check *out,
			  struct err *e)
{
	struct stmt s = STMT_INIT;
	char prev[65];
	int r;
	memset(out, 0, sizeof *out);
	memcpy(prev, ZERO_HASH, 65);
	if (db_prepare(&st->db, &s,
		       "SELECT " TIMELINE_COLS " FROM incident_timeline WHERE incident = ?1 ORDER BY seq",
		       e))
		return -1;
	db_bind_int(&s, 1, incident);
	while ((r = db_step(&s, e)) == 1) {
		out->entries++;
		if (out->bad_seq)
			continue; /* broken already: the rest are only counted */
		struct timeline_entry t;
		entry_borrow(&s, incident, &t);
		const char *why = entry_fault(&t, (int64_t)out->entries, prev);
		if (why) {
			out->bad_seq = t.seq > 0 ? t.seq : (int64_t)out->entries;
			snprintf(out->reason, sizeof out->reason, "%s", why);
			continue;
		}
		memcpy(prev, t.hash, 65);
	}
	db_finalize(&s);
	if (r < 0)
		return -1;
	if (out->entries == 0) {
		out->bad_seq = 1;
		snprintf(out->reason, sizeof out->reason, "the timeline is empty");
	}
	memcpy(out->head, prev, 65);
	return 0;
}
