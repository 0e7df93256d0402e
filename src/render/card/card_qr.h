/*
 * card_qr.h — a QR code as SVG path data: the wallet card prints one on
 * paper (card_pdf.c); the incident board shows a person's check-in link
 * as one on a screen, for them to read with their own phone (issue 14
 * item 4).  Pure: the caller wraps the path in its own <svg>.
 */
#ifndef ITBCP_RENDER_CARD_CARD_QR_H
#define ITBCP_RENDER_CARD_CARD_QR_H

#include "util/buf.h"

/* Quiet zone around the code, in modules (the standard asks for 4). */
#define CARD_QR_QUIET 4

/* The dark modules of text's QR code (error correction M, 8-bit) as SVG
 * path data ("M4 4h7v1h-7z…", one run of modules per rectangle) in units
 * of a module, the quiet zone included, appended to d; *size gets the
 * side of the square (code + 2 × CARD_QR_QUIET).  -1 when text cannot be
 * encoded (too long: ~2,300 bytes), nothing appended. */
int card_qr_path(const char *text, struct buf *d, int *size);

#endif
