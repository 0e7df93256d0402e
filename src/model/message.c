/*
 * message.c — the texts of outbox messages (message.h).  Short, because
 * they are read on a phone in the first minutes of a crisis: what
 * happened, what to do, the link, then the same in English.
 */
#include <stdlib.h>

#include "model/message.h"
#include "util/buf.h"

/* See message.h. */
void message_callout(const char *name, const char *event, bool drill, int64_t incident,
		     const char *link, struct message_text *out)
{
	struct buf b = BUF_INIT;
	const char *tag_ja = drill ? "【訓練】" : "";
	const char *tag_en = drill ? "[DRILL] " : "";
	buf_addf(&b, "%s【安否確認】%s：安否と参集の可否を報告してください / %sCheck in: %s",
		 tag_ja, event, tag_en, event);
	out->subject = buf_detach(&b);

	buf_addf(&b, "%s 様\n\n", name);
	buf_addf(&b, "%s%s が発生しました（事案 %lld）。\n", tag_ja, event, (long long)incident);
	buf_adds(&b, "下のリンクを開き、安否と参集できるかを報告してください。\n"
		     "このリンクはあなた専用です。他の人に転送しないでください。\n\n");
	buf_addf(&b, "%s\n\n", link);
	buf_addf(&b, "%s:\n%s%s has been declared (incident %lld).\n", name, tag_en, event,
		 (long long)incident);
	buf_adds(&b, "Open the link above and report whether you are safe and whether you can come.\n"
		     "The link is yours alone: do not forward it.\n\n"
		     "-- \nitbcp（IT-BCP）\n");
	out->body = buf_detach(&b);

	buf_addf(&b, "%s【安否確認】%s %s 様：安否を報告してください / %sCheck in, %s:\n%s", tag_ja,
		 event, name, tag_en, name, link);
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
