/*
 * card_qr.c — a QR code as SVG path data (card_qr.h), by libqrencode.
 */
#include <qrencode.h>

#include "render/card/card_qr.h"

/* See card_qr.h. */
int card_qr_path(const char *text, struct buf *d, int *size)
{
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!q)
		return -1;
	int w = q->width;
	for (int r = 0; r < w; r++)
		for (int c = 0; c < w;) {
			if (!(q->data[r * w + c] & 1)) {
				c++;
				continue;
			}
			int start = c;
			while (c < w && (q->data[r * w + c] & 1))
				c++;
			buf_addf(d, "M%d %dh%dv1h-%dz", start + CARD_QR_QUIET, r + CARD_QR_QUIET,
				 c - start, c - start);
		}
	*size = w + 2 * CARD_QR_QUIET;
	QRcode_free(q);
	return 0;
}
