/*
 * err.h — the error carried out of any function that can fail on input.
 *
 * Functions return 0 on success and -1 on failure, having filled a
 * struct err with one message that says what and where.  Messages are
 * written for the person at the keyboard, in the language they chose.
 */
#ifndef ITBCP_UTIL_ERR_H
#define ITBCP_UTIL_ERR_H

struct err {
	char msg[2048];
};

#define ERR_INIT { { 0 } }

/* Fills e (when not NULL) and returns -1, so: return err_set(e, …); */
int err_set(struct err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
