/*
 * page_login.h — what the two steps of signing in share (page_login.c,
 * page_login_code.c): the keys of the login limit and the failure log.
 */
#ifndef ITBCP_WEB_PAGES_ACCOUNT_PAGE_LOGIN_H
#define ITBCP_WEB_PAGES_ACCOUNT_PAGE_LOGIN_H

#include "web/core/req.h"

/* The login limit's key of r's address: the address, IPv6 by /64 (one
 * household or phone holds a whole /64), "a:local" on the test path; in
 * r's arena. */
const char *page_login_address_key(struct req *r);
/* One line on stderr for a failed sign-in (a password or a code): who
 * tried which account, and how many failures each has now; both escaped. */
void page_login_log_failure(struct req *r, const char *name, unsigned account_fails,
			    unsigned address_fails);

#endif
