/*
 * message.c — the texts of outbox messages (message.h).  Short, because
 * they are read on a phone in the first minutes of a crisis: what
 * happened, what to do, the link, then the same in English.
 */
#include <stdlib.h>

#include "model/message.h"
#include "util/buf.h"

/* See message.h. */
void message_callout(const char *name, const char *event, bool drill, bool assemble,
		     int64_t incident, const char *link, struct message_text *out)
{
	struct buf b = BUF_INIT;
	const char *tag_ja = drill ? "【訓練】" : "";
	const char *tag_en = drill ? "[DRILL] " : "";
	buf_addf(&b, "%s【安否確認】%s：%s / %sCheck in: %s", tag_ja, event,
		 assemble ? "安否と参集の可否を報告してください" : "安否を報告してください", tag_en,
		 event);
	out->subject = buf_detach(&b);

	buf_addf(&b, "%s 様\n\n", name);
	buf_addf(&b, "%s%s が発生しました（事案 %lld）。\n", tag_ja, event, (long long)incident);
	buf_adds(&b, assemble ? "下のリンクを開き、安否と参集できるかを報告してください。\n"
			      : "下のリンクを開き、安否を報告してください（参集の指示ではありません）。\n");
	buf_adds(&b, "このリンクはあなた専用です。他の人に転送しないでください。\n\n");
	buf_addf(&b, "%s\n\n", link);
	buf_addf(&b, "%s:\n%s%s has been declared (incident %lld).\n", name, tag_en, event,
		 (long long)incident);
	buf_adds(&b, assemble ? "Open the link above and report whether you are safe and whether you can come.\n"
			      : "Open the link above and report whether you are safe (you are not called in).\n");
	buf_adds(&b, "The link is yours alone: do not forward it.\n\n"
		     "-- \nitbcp（IT-BCP）\n");
	out->body = buf_detach(&b);

	buf_addf(&b, "%s【安否確認】%s %s 様：安否を報告してください / %sCheck in, %s:\n%s", tag_ja,
		 event, name, tag_en, name, link);
	out->chat = buf_detach(&b);
}

/* See message.h. */
void message_reminder(const char *name, const char *event, bool drill, bool assemble,
		      int64_t incident, int nth, const char *link, struct message_text *out)
{
	struct message_text t = { 0 };
	struct buf b = BUF_INIT;
	message_callout(name, event, drill, assemble, incident, link, &t);
	buf_addf(&b, "【再通知%d】%s", nth, t.subject);
	out->subject = buf_detach(&b);
	buf_addf(&b, "【再通知 %d回目 / Reminder %d】\n%s", nth, nth,
		 "まだ報告がありません。 / We have not heard from you yet.\n\n");
	buf_adds(&b, t.body);
	out->body = buf_detach(&b);
	buf_addf(&b, "【再通知%d】%s", nth, t.chat);
	out->chat = buf_detach(&b);
	message_text_release(&t);
}

/* See message.h. */
void message_deputy(const char *name, const char *silent, const char *roles, const char *event,
		    bool drill, int64_t incident, const char *link, struct message_text *out)
{
	struct buf b = BUF_INIT;
	const char *tag_ja = drill ? "【訓練】" : "";
	const char *tag_en = drill ? "[DRILL] " : "";
	buf_addf(&b, "%s【代理者へ】%s さんから応答がありません：%s / %sDeputy: no answer from %s",
		 tag_ja, silent, event, tag_en, silent);
	out->subject = buf_detach(&b);

	buf_addf(&b, "%s 様\n\n", name);
	buf_addf(&b, "%s%s（事案 %lld）で、%s さん（%s）から再通知の後も安否・参集の報告がありません。\n",
		 tag_ja, event, (long long)incident, silent, roles);
	buf_adds(&b, "代理者として、この役割を引き継ぐ準備をしてください。\n"
		     "下のリンクを開き、あなた自身の安否と参集できるかを報告してください。\n"
		     "このリンクはあなた専用です。他の人に転送しないでください。\n\n");
	buf_addf(&b, "%s\n\n", link);
	buf_addf(&b, "%s:\n%s%s (incident %lld): %s (%s) has not answered, even after the reminders.\n",
		 name, tag_en, event, (long long)incident, silent, roles);
	buf_adds(&b, "As their deputy, be ready to take the role over.\n"
		     "Open the link above and report whether you are safe and whether you can come.\n"
		     "The link is yours alone: do not forward it.\n\n"
		     "-- \nitbcp（IT-BCP）\n");
	out->body = buf_detach(&b);

	buf_addf(&b, "%s【代理者へ】%s %s 様：%s さん（%s）から応答がありません。安否と参集を報告してください / "
		     "%sDeputy, %s: no answer from %s (%s). Check in:\n%s",
		 tag_ja, event, name, silent, roles, tag_en, name, silent, roles, link);
	out->chat = buf_detach(&b);
}

/* See message.h. */
void message_approval(const char *name, const char *who, const char *comment, const char *link,
		      struct message_text *out)
{
	struct buf b = BUF_INIT;
	buf_addf(&b, "【承認依頼】計画の改訂版が承認を待っています（%s） / A plan version awaits approval (%s)",
		 who, who);
	out->subject = buf_detach(&b);
	buf_addf(&b, "%s 様\n\n%s さんが情報システム運用継続計画の改訂版を提出しました。承認か差し戻しをお願いします。\n",
		 name, who);
	if (*comment)
		buf_addf(&b, "コメント：%s\n", comment);
	buf_addf(&b, "\n%s\n\n%s:\n%s submitted a new version of the IT-BCP. Please approve or reject it.\n",
		 link, name, who);
	if (*comment)
		buf_addf(&b, "Comment: %s\n", comment);
	buf_adds(&b, "\n-- \nitbcp（IT-BCP）\n");
	out->body = buf_detach(&b);
	buf_addf(&b, "【承認依頼】%s 様：%s さんの提出した計画の改訂版が承認を待っています / %s: a plan version from %s awaits approval:\n%s",
		 name, who, name, who, link);
	out->chat = buf_detach(&b);
}

/* See message.h. */
void message_review_due(const char *name, const char *from, const char *to, bool overdue,
			const char *link, struct message_text *out)
{
	struct buf b = BUF_INIT;
	buf_addf(&b, "%s / %s",
		 overdue ? "【期限超過】計画の年次見直し（§4.2.3）が済んでいません" : "【見直し時期】計画の年次見直し（§4.2.3）の時期です",
		 overdue ? "The annual review of the plan is overdue" : "The annual review of the plan is due");
	out->subject = buf_detach(&b);
	buf_addf(&b, "%s 様\n\n今年度の年次見直しの期間は %s から %s です。%s\n見直しを行い、結果を計画に記録してください。\n\n%s\n\n",
		 name, from, to, overdue ? "期間を過ぎましたが、まだ記録がありません。" : "まだ記録がありません。",
		 link);
	buf_addf(&b, "%s:\nThis fiscal year's annual review window is %s to %s. %s\nReview the plan and record it.\n\n-- \nitbcp（IT-BCP）\n",
		 name, from, to, overdue ? "It has passed with no review recorded." : "No review is recorded yet.");
	out->body = buf_detach(&b);
	buf_addf(&b, "%s 様：計画の年次見直し（%s〜%s）%s / %s: annual review %s (%s to %s):\n%s", name, from, to,
		 overdue ? "の期限を過ぎています" : "の時期です", name, overdue ? "overdue" : "due", from, to, link);
	out->chat = buf_detach(&b);
}

/* See message.h. */
void message_text_release(struct message_text *m)
{
	free(m->subject);
	free(m->body);
	free(m->chat);
	m->subject = m->body = m->chat = NULL;
}
