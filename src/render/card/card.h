/*
 * card.h — the wallet card (別表2 災害用携行カード) of one person.
 *
 * struct card is the card's whole content as plain data: what comes from
 * the plan (card_from_plan: the person's assembly criteria and locations
 * through their roles, workplace contacts, the safety-report destination),
 * what the appendix prints on every card (initial actions, 171 / web171,
 * the carriers' message boards: card_defaults), the check-in address for
 * the QR code, and the personal part.
 *
 * The personal part (family contacts, address, insurance number …) is
 * never stored: it comes from the request alone (a form, or JSON on the
 * CLI's stdin: card_personal_from_json) and lives only as long as the card.
 *
 * Strings: every const char * in a card is either owned by the card (made
 * with card_strdup) or borrowed from something that outlives it (string
 * literals, the plan).  card_release frees what the card owns.
 *
 * render_card (card_pdf.c) lays it out as a PDF: eight panels of
 * 91 × 55 mm, one per page (the card as it reads, for a phone), then two
 * A4 pages to print double-sided: two copies of the 2 × 2 fold-out sheet
 * (182 × 110 mm, folded twice to card size) with cutting marks and fold
 * lines; the back page is mirrored for long-edge duplex printing.
 */
#ifndef ITBCP_RENDER_CARD_CARD_H
#define ITBCP_RENDER_CARD_CARD_H

#include <stdbool.h>
#include <stddef.h>

#include "model/plan.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/lang.h"

#define CARD_MAX_ITEMS 8 /* of each list below; more are left off */

/* 3-2 a workplace contact. */
struct card_contact {
	const char *label;  /* 所属/氏名等: "部局A 情報基盤課長 鈴木 花子" */
	const char *phone;  /* work phone ("" when unknown) */
	const char *mobile; /* personal data: "" unless the caller may see it */
	const char *email;
	const char *home_phone;
};

/* 2. an assembly location. */
struct card_location {
	int priority; /* 1 = 第1順位 */
	const char *place;
	bool online;
};

/* 4-2 a carrier's disaster message board. */
struct card_board {
	const char *carrier;
	const char *url;
	const char *access; /* how to reach it on a phone */
};

/* 3-1 a family member (personal, from the request). */
struct card_family {
	const char *name;
	const char *phone;
};

/* 本人情報 and 3-1 (personal, from the request; "" when not given). */
struct card_personal {
	struct card_family family[3];
	const char *meeting_place; /* 緊急時の集合場所 */
	const char *name;
	const char *address;
	const char *mobile;
	const char *home_phone;
	const char *insurance_no;   /* 保険証番号 */
	const char *evac_work;      /* 終業時の避難場所 */
	const char *evac_home;      /* 自宅付近の避難場所 */
	const char *free_text;      /* 自由記入欄 */
};

struct card {
	enum lang lang;
	const char *title;        /* [災害用]携行カード */
	const char *organisation;
	const char *person_name;
	const char *affiliation;  /* department and title */
	const char *roles;        /* the person's roles, "、"-separated */
	/* 1. 初動対応 */
	const char *indoor[CARD_MAX_ITEMS];
	size_t n_indoor;
	const char *outdoor[CARD_MAX_ITEMS];
	size_t n_outdoor;
	/* 2. 参集基準と参集場所 */
	const char *criteria[CARD_MAX_ITEMS];
	size_t n_criteria;
	struct card_location locations[CARD_MAX_ITEMS];
	size_t n_locations;
	/* 3-2 職場への連絡先 */
	struct card_contact contacts[CARD_MAX_ITEMS];
	size_t n_contacts;
	const char *report_destination; /* 安否報告先 */
	const char *message_content;    /* 連絡内容 (安否/連絡手段等) */
	/* 4-2 */
	struct card_board boards[CARD_MAX_ITEMS];
	size_t n_boards;
	/* the QR code */
	const char *checkin_url;
	/* personal: from the request only */
	struct card_personal personal;
	/* owned strings */
	char **owned;
	size_t n_owned, cap_owned;
};

/* An empty card with the appendix's fixed parts (title, initial actions,
 * message content, carriers' boards) in lang. */
void card_defaults(struct card *c, enum lang lang);
/* Frees what the card owns; the card is empty (card_defaults needed). */
void card_release(struct card *c);
/* A copy of s (NULL: "") owned by the card. */
const char *card_strdup(struct card *c, const char *s);

/* Fills c (after card_defaults) from the plan for person_id: name and
 * affiliation, roles, the assembly criteria of disaster events (all
 * events when none is a disaster), the assembly locations of the person's
 * roles by priority, the holders of the roles their roles report to as
 * workplace contacts, and the safety-report destination.  with_personal:
 * include those contacts' personal numbers (mobile, home, e-mail).
 * checkin_url may be NULL (no QR code).  0, or -1 with e set when the
 * person is not in the plan. */
int card_from_plan(struct card *c, const struct plan *p, const char *person_id,
		   bool with_personal, const char *checkin_url, struct err *e);

/* Reads the personal part from a JSON object:
 *   {"name", "address", "mobile", "home_phone", "insurance_no",
 *    "meeting_place", "evac_work", "evac_home", "free_text",
 *    "family": [{"name", "phone"}, … up to 3]}
 * every key optional, strings only, each at most 500 bytes of UTF-8.
 * 0, or -1 with e set (and nothing kept). */
int card_personal_from_json(struct card *c, const char *json, size_t len, struct err *e);

/* The card as a PDF appended to out (see above).  0, or -1 with e set. */
int render_card_buf(const struct card *c, struct buf *out, struct err *e);
/* The same into the file at path, written atomically. */
int render_card(const struct card *c, const char *path, struct err *e);

#endif
