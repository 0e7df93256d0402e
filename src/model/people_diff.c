/* people_diff.c — see people_diff.h. */
#include "model/people_diff.h"

#include <stdlib.h>
#include <string.h>

#include "model/schema.h"

void people_diff_release(struct people_diff *d)
{
	for (size_t i = 0; i < d->n; i++) {
		/* a person's strings, field by field as the schema lists them */
		schema_element_release(schema_entity("people"), &d->v[i].person);
		for (size_t k = 0; k < d->v[i].nf; k++) {
			free(d->v[i].f[k].old_value);
			free(d->v[i].f[k].new_value);
		}
		free(d->v[i].f);
	}
	free(d->v);
	for (size_t i = 0; i < d->n_err; i++)
		free(d->err[i].reason);
	free(d->err);
	for (size_t i = 0; i < d->n_ignored; i++)
		free(d->ignored[i]);
	free(d->ignored);
	memset(d, 0, sizeof *d);
}
