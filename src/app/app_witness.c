/*
 * app_witness.c — the record's check values sent to a witness
 * (app_witness.h).
 */
#include "app/app_witness.h"

#include <stdlib.h>
#include <string.h>

#include "store/outbox_witness.h"
#include "store/record_heads.h"
#include "store/settings_store.h"
#include "util/buf.h"
#include "util/xalloc.h"

/* The lines are the reports' 「記録の確認値」 (app_incident_record_line),
 * so one habit reads both, and --witness takes SEQ:HASH from either. */
void app_witness_message(json_t *heads, struct message_text *out)
{
	struct buf body = BUF_INIT, chat = BUF_INIT;
	json_t *recs = json_object_get(heads, "records"), *r;
	const char *key = json_string_value(json_object_get(heads, "record_key"));
	size_t i;
	buf_adds(&body, "itbcp のインシデント記録の確認値です。このメールを記録とは別に保管してください。\n"
			"後で itbcp incident verify 番号 --witness 項番号:ハッシュ を実行すると、記録がこの時点から\n"
			"書き換えられていないこと、末尾が失われていないことを確かめられます。\n\n");
	json_array_foreach(recs, i, r)
		buf_addf(&body, "インシデント #%lld 記録の確認値: 第%lld項まで SHA-256 %s\n",
			 (long long)json_integer_value(json_object_get(r, "incident")),
			 (long long)json_integer_value(json_object_get(r, "seq")),
			 json_string_value(json_object_get(r, "hash")));
	if (key)
		buf_addf(&body, "記録の鍵: ed25519:%s\n", key);
	buf_adds(&body, "\nThe check values of itbcp's incident records. Keep this message apart from the\n"
			"records: itbcp incident verify ID --witness SEQ:HASH later proves that a record was\n"
			"neither rewritten nor cut short since.\n\n");
	json_array_foreach(recs, i, r) {
		char line[200];
		snprintf(line, sizeof line, "Incident #%lld Record check: entries to %lld, SHA-256 %s\n",
			 (long long)json_integer_value(json_object_get(r, "incident")),
			 (long long)json_integer_value(json_object_get(r, "seq")),
			 json_string_value(json_object_get(r, "hash")));
		buf_adds(&body, line);
		buf_adds(&chat, line);
	}
	if (key) {
		buf_addf(&body, "Record key: ed25519:%s\n", key);
		buf_addf(&chat, "Record key: ed25519:%s\n", key);
	}
	out->subject = xstrdup("【itbcp】記録の確認値 / Record check values");
	out->body = buf_detach(&body);
	out->chat = buf_detach(&chat);
}

/* A whole-number setting within [1, max], else def. */
static int interval_of(struct store *st, long *out, struct err *e)
{
	char *v = NULL;
	*out = APP_WITNESS_INTERVAL_DEFAULT;
	int r = store_setting_get(st, "witness_interval", &v, e);
	if (r == 1 && *v) {
		char *end;
		long x = strtol(v, &end, 10);
		if (!*end && x >= 1 && x <= 86400)
			*out = x;
	}
	free(v);
	return r < 0 ? -1 : 0;
}

int app_witness_tick(struct store *st, int64_t now, size_t *queued, struct err *e)
{
	char *to = NULL;
	json_t *heads = NULL;
	long interval;
	int rc = 0;
	if (queued)
		*queued = 0;
	int r = store_setting_get(st, "witness_to", &to, e);
	if (r != 1 || !*to) {
		free(to);
		return r < 0 ? -1 : 0;
	}
	if (interval_of(st, &interval, e) || store_record_heads(st, &heads, e)) {
		rc = -1;
	} else if (json_array_size(json_object_get(heads, "records")) > 0) {
		struct message_text t = { 0 };
		app_witness_message(heads, &t);
		r = store_outbox_witness(st, to, &t, now, interval, e);
		message_text_release(&t);
		if (r < 0)
			rc = -1;
		else if (queued)
			*queued = (size_t)r;
	}
	json_decref(heads);
	free(to);
	return rc;
}
