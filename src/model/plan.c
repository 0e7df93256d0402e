/* plan.c — init, release and lookup of a plan (see plan.h). */
#include "model/plan.h"

#include <stdlib.h>
#include <string.h>

#include "model/schema.h"

void plan_init(struct plan *p)
{
	memset(p, 0, sizeof *p);
	schema_element_defaults(&schema_organisation, &p->organisation);
}

void plan_release(struct plan *p)
{
	schema_element_release(&schema_organisation, &p->organisation);
	for (size_t k = 0; k < schema_n_entities; k++) {
		const struct entity_def *e = &schema_entities[k];
		size_t n = schema_count(e, p);
		for (size_t i = 0; i < n; i++)
			schema_element_release(e, schema_element(e, p, i));
		char **arr = (char **)((char *)p + e->array_offset);
		free(*arr);
	}
	memset(p, 0, sizeof *p);
}

/* Linear lookup: plans hold at most thousands of each kind, and callers
 * that loop over many elements build their own index. */
#define PLAN_FIND(fn, type, member)                                     \
	const struct type *fn(const struct plan *p, const char *id)     \
	{                                                               \
		if (!id)                                                \
			return NULL;                                    \
		for (size_t i = 0; i < p->n_##member; i++)              \
			if (strcmp(p->member[i].id, id) == 0)           \
				return &p->member[i];                   \
		return NULL;                                            \
	}

PLAN_FIND(plan_department, department, departments)
PLAN_FIND(plan_person, person, people)
PLAN_FIND(plan_role, role, roles)
PLAN_FIND(plan_event, event_type, events)
PLAN_FIND(plan_procedure, procedure, procedures)
PLAN_FIND(plan_procedure_step, procedure_step, procedure_steps)
PLAN_FIND(plan_business, business, businesses)
PLAN_FIND(plan_system, system, systems)
PLAN_FIND(plan_component, component, components)
PLAN_FIND(plan_countermeasure_step, countermeasure_step, countermeasure_steps)
PLAN_FIND(plan_training, training, trainings)
PLAN_FIND(plan_review, review, reviews)
