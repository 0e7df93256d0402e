/*
 * record_heads.h — the latest entry of every incident's record and the
 * record key in use, as the value that leaves the database (issue 15,
 * item 12): written into each backup's manifest (app_backup.c) and sent to
 * the witness (app_witness.c).  Noted outside, it later proves with
 * `incident verify ID --witness SEQ:HASH` that a record was not cut short
 * or rewritten since.
 */
#ifndef ITBCP_STORE_RECORD_HEADS_H
#define ITBCP_STORE_RECORD_HEADS_H

#include <jansson.h>
#include <stdint.h>

#include "store/store.h"
#include "util/err.h"

/* {"record_key": lower-case hex of the newest record key's public half,
 * or null; "records": [{"incident": ID, "seq": N, "hash": HEX}, …] in
 * incident order, one per incident with entries}, the caller's to
 * json_decref; -1 on a database error. */
int store_record_heads(struct store *st, json_t **out, struct err *e);

#endif
