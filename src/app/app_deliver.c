/*
 * app_deliver.c — a person's check-in link sent again (app_deliver.h).
 */
#include <stdio.h>

#include "app/app_deliver.h"
#include "app/app_incident.h"
#include "model/incident.h"
#include "store/incident_store.h"
#include "store/outbox_hold.h"
#include "store/outbox_store.h"
#include "util/buf.h"

/* Inside the caller's transaction: the open incident (loaded whole, or as
 * the board loads it) and the person it called, or -1 with why in lang. */
static int called_person(struct store *st, int64_t incident, const char *person, bool board,
			 enum lang lang, struct incident *inc, const struct incident_person **out,
			 struct err *e)
{
	int r = board ? store_incident_load_board(st, incident, inc, e)
		      : store_incident_load(st, incident, inc, e);
	if (r != 0) {
		if (r > 0)
			err_set(e, "%s", L(lang, "そのインシデントはありません。", "No such incident."));
		return -1;
	}
	if (inc->state != INCIDENT_OPEN)
		return err_set(e, "%s",
			       L(lang, "このインシデントは終了しています。", "This incident is closed."));
	*out = incident_person_find(inc, person);
	if (!*out || !(*out)->called)
		return err_set(e, "%s",
			       L(lang, "このインシデントで招集された人ではありません。",
				 "Not among the people called for this incident."));
	return 0;
}

/* See app_deliver.h. */
int app_deliver_resend(const char *db_path, int64_t incident, const char *person,
		       const char *author, enum lang lang, size_t *queued, struct err *e)
{
	struct store st = STORE_INIT;
	struct incident inc = INCIDENT_INIT;
	int rc = -1;
	*queued = 0;
	if (store_open(&st, db_path, 0, e))
		return -1;
	if (store_begin(&st, e))
		goto out;
	const struct incident_person *p;
	if (called_person(&st, incident, person, false, lang, &inc, &p, e))
		goto rollback;
	if (store_outbox_callout(&st, &inc, &person, 1, queued, e))
		goto rollback;
	if (*queued == 0) {
		err_set(e, "%s",
			L(lang, "送る先がありません（配信が未設定か、この人にメールアドレスがありません）。",
			  "Nowhere to send it (delivery is not set up, or this person has no address)."));
		goto rollback;
	}
	struct buf text = BUF_INIT;
	buf_addf(&text, "%s（%s、%zu件）/ check-in link sent again to %s (%zu)",
		 "安否報告リンクを再送", p->name, *queued, p->name, *queued);
	int64_t seq;
	rc = store_incident_record_add(&st, inc.id, "note", text.data, app_incident_now(), author,
				       &seq, e);
	buf_release(&text);
	if (rc == 0)
		rc = store_commit(&st, e);
	if (rc == 0)
		goto out;
rollback:
	rc = -1;
	*queued = 0;
	store_rollback(&st);
out:
	incident_release(&inc);
	store_close(&st);
	return rc;
}

/* See app_deliver.h. */
int app_deliver_hold(const char *db_path, int64_t incident, bool send, const char *author,
		     enum lang lang, size_t *queued, struct err *e)
{
	struct store st = STORE_INIT;
	struct buf note = BUF_INIT;
	*queued = 0;
	if (store_open(&st, db_path, 0, e))
		return -1;
	if (send)
		buf_addf(&note, "%s が安否確認の一斉送信を保留から送信しました。 / %s sent the call-out "
				"before the hold ended.",
			 author, author);
	else
		buf_addf(&note, "%s が保留中の安否確認の一斉送信を停止しました（送信していません）。 / %s "
				"stopped the call-out on hold: nothing was sent.",
			 author, author);
	int rc = store_hold_end(&st, incident, send ? HOLD_SENT : HOLD_STOPPED, note.data,
			       app_incident_now(), author, queued, e);
	buf_release(&note);
	store_close(&st);
	if (rc > 0)
		return err_set(e, "%s",
			       send ? L(lang, "送信できる保留中の一斉送信はありません（すでに送信済みです）。",
					"There is no call-out on hold to send (it has gone already).")
				    : L(lang, "保留中の一斉送信はありません（保留が終わったか、すでに停止されています）。",
					"There is no call-out on hold (the hold ended, or it was stopped already)."));
	return rc;
}

/* See app_deliver.h. */
int app_deliver_link(const char *db_path, int64_t incident, const char *person,
		     const char *author, enum lang lang, char **link, struct err *e)
{
	struct store st = STORE_INIT;
	struct incident inc = INCIDENT_INIT;
	*link = NULL;
	if (store_open(&st, db_path, 0, e))
		return -1;
	if (store_begin(&st, e))
		goto fail;
	const struct incident_person *p;
	if (called_person(&st, incident, person, true, lang, &inc, &p, e))
		goto rollback;
	int r = store_outbox_link(&st, person, link, e);
	if (r > 0)
		err_set(e, "%s",
			L(lang, "リンクの公開アドレス（public_url）が設定されていません（itbcp deliver set public_url …）。",
			  "The links' public address (public_url) is not set (itbcp deliver set public_url …)."));
	if (r != 0)
		goto rollback;
	struct buf text = BUF_INIT;
	buf_addf(&text, "%s が %s さんの安否報告リンクをQRコードで表示 / %s showed %s's check-in link as a QR code",
		 author, p->name, author, p->name);
	int64_t seq;
	r = store_incident_record_add(&st, inc.id, "note", text.data, app_incident_now(), author, &seq,
				      e);
	buf_release(&text);
	if (r == 0 && store_commit(&st, e) == 0) {
		incident_release(&inc);
		store_close(&st);
		return 0;
	}
rollback:
	store_rollback(&st);
fail:
	free(*link);
	*link = NULL;
	incident_release(&inc);
	store_close(&st);
	return -1;
}
