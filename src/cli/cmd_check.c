/* cmd_check.c — `itbcp check`: the plan checks, exit 1 when errors; then
 * what is wrong with the database itself (its backups, its file mode). */
#include <stdio.h>
#include <time.h>

#include "app/app_backup_check.h"
#include "app/app_incident.h"
#include "cli/opts.h"
#include "cli/cli.h"
#include "rules/check.h"

int cmd_check(struct cli_ctx *ctx, int argc, char **argv)
{
	bool json = false;
	struct opt opts[] = { { "--json", NULL, &json }, { 0 } };
	int r = opts_parse(ctx, argc, argv, opts, NULL, 0, 0);
	if (r)
		return r > 0 ? 0 : 2;
	struct plan p = PLAN_INIT;
	if (cli_load_plan(ctx, &p))
		return 2;
	enum lang lang = ctx->lang;
	struct findings f = FINDINGS_INIT;
	plan_check(&p, civil_date_today(), &f);
	app_backup_findings(ctx->db_path, app_incident_now(), &f);
	if (json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < f.n; i++) {
			const struct finding *x = &f.v[i];
			json_t *o = json_object();
			json_object_set_new(o, "severity", json_string(severity_name(x->severity, LANG_EN)));
			json_object_set_new(o, "code", json_string(x->code));
			json_object_set_new(o, "section", json_string(x->section));
			json_object_set_new(o, "element", json_string(x->element));
			json_object_set_new(o, "element_name", json_string(x->element_name));
			json_object_set_new(o, "message_ja", json_string(x->message_ja));
			json_object_set_new(o, "message_en", json_string(x->message_en));
			json_array_append_new(arr, o);
		}
		cli_print_json(arr);
	} else {
		for (size_t i = 0; i < f.n; i++) {
			const struct finding *x = &f.v[i];
			printf("%s %s %s: %s\n", severity_name(x->severity, lang), x->section, x->element,
			       L(lang, x->message_ja, x->message_en));
		}
		printf(L(lang, "エラー %zu件、警告 %zu件、情報 %zu件\n",
			 "%zu errors, %zu warnings, %zu info\n"),
		       findings_count(&f, SEV_ERROR), findings_count(&f, SEV_WARNING),
		       findings_count(&f, SEV_INFO));
	}
	int status = findings_count(&f, SEV_ERROR) ? 1 : 0;
	findings_release(&f);
	plan_release(&p);
	return status;
}
