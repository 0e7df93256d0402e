/*
 * fuzz_people_csv.c — libFuzzer target for the people import
 * (app/people_import.h) with the bytes of an upload as they come: CSV in
 * any encoding, or a zip (an XLSX) when they start as one.  What it
 * asserts is in people_check.h: refused with a message, or read within
 * every limit, and staged so that the apply sees what the preview showed.
 */
#include <stddef.h>
#include <stdint.h>

#include "people_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	people_check((const char *)data, size);
	return 0;
}
