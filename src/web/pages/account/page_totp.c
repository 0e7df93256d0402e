/*
 * page_totp.c — a person sets up their second factor (totp_store.h).
 *
 * GET /account/totp says whether it is on and how many recovery codes are
 * left.  POST /account/totp/start makes a new secret and shows it once,
 * as base32 and as an otpauth:// QR code for the authenticator app, with
 * the form for the first code; the secret is not active until that code
 * comes back right (POST /account/totp/confirm), and is never shown
 * again: a wrong first code offers to start over with a new one.  The
 * confirmation shows the ten recovery codes, once.  Both answers are POSTs
 * (Cache-Control: no-store, like every page): the secret never sits in a
 * URL, a history or a log.
 *
 * An admin without an active second factor reaches only these pages and
 * /logout (route.c, ROUTE_TOTP_DUE) until the first code is right.
 */
#include <string.h>

#include "render/card/card_qr.h"
#include "store/totp_store.h"
#include "web/core/auth.h"
#include "web/core/html.h"
#include "web/core/page.h"
#include "web/core/svg.h"
#include "web/core/url.h"

#define ISSUER "IT-BCP"

/* What an admin without a second factor is told on each of these pages. */
static void required_notice(struct req *r)
{
	if (r->session.user.role == ROLE_ADMIN && !r->session.user.totp_active)
		page_notice(r, "error",
			    L(r->lang,
			      "管理者は二要素認証（認証アプリの確認コード）が必要です。設定が終わるまで、"
			      "ほかのページは開けません。",
			      "Admins need a second factor (an authenticator app's code). No other "
			      "page opens until it is set up."));
}

/* The button that starts (or starts over) enrollment. */
static void start_button(struct req *r, const char *label)
{
	html(r, "<form method=\"post\" action=\"/account/totp/start\">");
	auth_csrf_field(r);
	html(r, "<button type=\"submit\">%s</button></form>\n", label);
}

/* GET /account/totp */
int page_totp(struct req *r)
{
	const char *title = L(r->lang, "二要素認証", "Two-factor sign-in");
	struct totp_state ts;
	if (totp_store_state(r->store, r->session.user.id, &ts, &r->err))
		return -1;
	page_begin(r, title);
	html(r, "<h1>%s</h1>\n", title);
	required_notice(r);
	if (ts.active) {
		if (req_query(r, "recovered"))
			page_notice(r, "error",
				    L(r->lang,
				      "回復コードでログインしました。そのコードはもう使えません。スマートフォンを"
				      "なくしたときは、管理者に二要素認証の解除を依頼し、新しい端末で設定し直してください。",
				      "You signed in with a recovery code; it cannot be used again. If your "
				      "phone is lost, ask an admin to reset your second factor and set it up "
				      "again on the new one."));
		html(r, "<p>%s</p>\n",
		     L(r->lang, "有効です。ログインのたびに、パスワードのあとで認証アプリのコードを入力します。",
		       "On. Each sign-in asks for your authenticator app's code after the password."));
		html(r, "<p>%s</p>\n",
		     arena_printf(&r->arena,
				  L(r->lang, "使われていない回復コード：%d個", "Recovery codes left: %d"),
				  ts.recovery_left));
		html(r, "<p class=\"hint\">%s</p>\n",
		     L(r->lang,
		       "スマートフォンを替えるとき、なくしたときは、管理者に解除を依頼してください"
		       "（解除すると、すべての端末のログインが終了します）。",
		       "To move to a new phone, or when it is lost, ask an admin to reset it (every "
		       "session of yours then ends)."));
	} else {
		html(r, "<p>%s</p>\n",
		     L(r->lang,
		       "パスワードに加えて、スマートフォンの認証アプリ（Google Authenticator、Microsoft "
		       "Authenticator など）が30秒ごとに表示する6桁のコードでログインします。",
		       "Besides your password, sign in with the 6-digit code an authenticator app on "
		       "your phone (Google Authenticator, Microsoft Authenticator …) shows every 30 "
		       "seconds."));
		start_button(r, L(r->lang, "設定を始める", "Set it up"));
	}
	page_end(r);
	return 0;
}

/* The secret, its QR code and the first-code form. */
static void enroll_page(struct req *r, const char *secret)
{
	const char *title = L(r->lang, "認証アプリの設定", "Set up your authenticator app");
	struct buf uri = BUF_INIT, d = BUF_INIT, grouped = BUF_INIT;
	int size = 0;
	buf_adds(&uri, "otpauth://totp/" ISSUER ":");
	url_encode_buf(&uri, r->session.user.name, URL_UNRESERVED);
	buf_addf(&uri, "?secret=%s&issuer=" ISSUER "&algorithm=SHA1&digits=%d&period=%d", secret,
		 TOTP_DIGITS, TOTP_STEP_SECONDS);
	for (size_t i = 0; secret[i]; i++) {
		if (i && i % 4 == 0)
			buf_addc(&grouped, ' ');
		buf_addc(&grouped, secret[i]);
	}
	page_begin(r, title);
	html(r, "<h1>%s</h1>\n", title);
	required_notice(r);
	html(r, "<ol>\n<li><p>%s</p>\n",
	     L(r->lang, "認証アプリでこのQRコードを読み取ってください。",
	       "Scan this QR code with your authenticator app."));
	if (card_qr_path(uri.data, &d, &size) == 0) {
		svg_open(&r->out, "totp", "qr", size, size,
			 L(r->lang, "認証アプリに読み取らせるQRコード", "QR code for the authenticator app"),
			 NULL);
		svg(&r->out,
		    "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
		    "<path d=\"%s\" fill=\"#000\" shape-rendering=\"crispEdges\"/>",
		    size, size, d.data ? d.data : "");
		svg_close(&r->out);
	}
	html(r, "<p>%s <code class=\"link\" id=\"totp-secret\">%s</code></p>\n",
	     L(r->lang, "読み取れないときは、この秘密鍵を手で入力してください（時間ベース、6桁）：",
	       "If it cannot be scanned, type this secret key by hand (time-based, 6 digits):"),
	     grouped.data);
	html(r, "<p class=\"hint\">%s</p></li>\n",
	     L(r->lang, "この秘密鍵が表示されるのは今回だけです。ほかの人に見せないでください。",
	       "This key is shown this once. Show it to nobody."));
	html(r, "<li><p>%s</p>\n<form method=\"post\" action=\"/account/totp/confirm\" class=\"card\">\n",
	     L(r->lang, "アプリに表示された6桁のコードを入力してください。正しければ有効になります。",
	       "Type the 6-digit code the app shows. When it is right, the second factor is on."));
	auth_csrf_field(r);
	page_input(r, "text", "code", L(r->lang, "確認コード", "Code"), NULL, NULL, "one-time-code");
	html(r, "<button type=\"submit\">%s</button>\n</form></li>\n</ol>\n",
	     L(r->lang, "有効にする", "Turn on"));
	page_end(r);
	buf_release(&uri);
	buf_release(&d);
	buf_release(&grouped);
}

/* POST /account/totp/start */
int page_totp_start(struct req *r)
{
	char secret[TOTP_BASE32_MAX];
	struct err e = ERR_INIT;
	int rc = totp_store_enroll_begin(r->store, &r->session.user, secret, r->lang, &e);
	if (rc < 0) {
		r->err = e;
		return -1;
	}
	if (rc == 1) {
		route_error(r, 409, e.msg);
		return 0;
	}
	enroll_page(r, secret);
	return 0;
}

/* POST /account/totp/confirm: code. */
int page_totp_confirm(struct req *r)
{
	char typed[16], codes[TOTP_STORE_CODES][TOTP_STORE_CODE_LEN + 1];
	const char *title = L(r->lang, "二要素認証", "Two-factor sign-in");
	int rc = 0;
	if (totp_store_input(req_form(r, "code"), typed) == TOTP_INPUT_CODE)
		rc = totp_store_enroll_confirm(r->store, &r->session.user, typed, auth_actor(r),
					       codes, &r->err);
	if (rc < 0)
		return -1;
	if (rc != 1) {
		r->status = rc == 0 ? 422 : 409;
		page_begin(r, title);
		html(r, "<h1>%s</h1>\n", title);
		page_notice(r, "error",
			    rc == 0 ? L(r->lang,
					"コードが違います。秘密鍵はもう表示できないため、もう一度設定を始めて、"
					"新しいQRコードを読み取ってください。",
					"The code is wrong. The key cannot be shown again: set it up once "
					"more and scan the new QR code.")
				    : L(r->lang, "設定中の秘密鍵がありません。もう一度設定を始めてください。",
					"No key is being set up. Start again."));
		start_button(r, L(r->lang, "もう一度設定を始める", "Start again"));
		page_end(r);
		return 0;
	}
	r->session.user.totp_active = true; /* the page below says it is done */
	page_begin(r, title);
	html(r, "<h1>%s</h1>\n", title);
	page_notice(r, "ok",
		    L(r->lang, "二要素認証を有効にしました。次のログインから確認コードを入力します。",
		      "The second factor is on. From your next sign-in, a code is asked."));
	html(r, "<h2>%s</h2>\n<p>%s</p>\n<ul class=\"recovery\" id=\"recovery-codes\">\n",
	     L(r->lang, "回復コード", "Recovery codes"),
	     L(r->lang,
	       "スマートフォンがないときに、確認コードの代わりに一つずつ使えます（各コード1回限り）。"
	       "表示されるのは今回だけです。印刷するか書き留めて、スマートフォンとは別の安全な場所に"
	       "保管してください。",
	       "Each stands in for a code once, when your phone is not at hand. They are shown this "
	       "once: print or write them down and keep them somewhere safe, apart from the "
	       "phone."));
	for (int i = 0; i < TOTP_STORE_CODES; i++)
		html(r, "<li><code>%s</code></li>\n", codes[i]);
	html(r, "</ul>\n<p><a href=\"/\">%s</a></p>\n",
	     L(r->lang, "トップページへ", "Go to the start page"));
	page_end(r);
	memset(codes, 0, sizeof codes);
	return 0;
}
