/*
 * record_gen.c — for bench/verify.sh: a long incident record made the way
 * a check-in burst makes it, fast.  Appends N check-ins of one called
 * person to incident ID of the database DB through the store's own
 * group-commit path (checkin_store_append, batches of 1,000: each batch is
 * one transaction, its check-in rows, its chained timeline entries and one
 * signature), so the record is exactly what `itbcp serve` would have
 * written, without the HTTP.  Not part of the product: compiled by
 * bench/verify.sh against build/release/libitbcp.a.
 *
 *   record_gen DB ID PERSON N
 */
#include <stdio.h>
#include <stdlib.h>

#include "store/checkin_store.h"
#include "store/record_key.h"
#include "store/store.h"

int main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: record_gen DB ID PERSON N\n");
		return 2;
	}
	/* as the CLI does: $ITBCP_RECORD_KEY, or DB.record-key */
	store_record_key_file_set(getenv("ITBCP_RECORD_KEY"));
	struct store st = STORE_INIT;
	struct err e = ERR_INIT;
	if (store_open(&st, argv[1], 0, &e)) {
		fprintf(stderr, "record_gen: %s\n", e.msg);
		return 1;
	}
	int64_t incident = atoll(argv[2]);
	long n = atol(argv[4]);
	static struct checkin_report r[1000];
	static struct checkin_result res[1000];
	int64_t at = 1768208400; /* 2026-01-12 18:00 JST, the bench's incident */
	for (long done = 0; done < n;) {
		size_t k = n - done < 1000 ? (size_t)(n - done) : 1000;
		for (size_t i = 0; i < k; i++)
			r[i] = (struct checkin_report){ .incident = incident, .person = argv[3],
							.status = CHECKIN_SAFE, .assembly = ASSEMBLY_YES,
							.eta = NO_VALUE, .location = "自宅", .note = "",
							.at = at++, .author = "self" };
		if (checkin_store_append(&st, r, k, res, &e)) {
			fprintf(stderr, "record_gen: %s\n", e.msg);
			return 1;
		}
		if (res[k - 1].outcome != CHECKIN_RECORDED) {
			fprintf(stderr, "record_gen: a check-in was refused (outcome %d)\n",
				(int)res[k - 1].outcome);
			return 1;
		}
		done += (long)k;
	}
	store_close(&st);
	return 0;
}
