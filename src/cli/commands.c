/*
 * commands.c — the one table of CLI commands.  `itbcp help`, every
 * `--help` and the README's command list come from these rows.
 */
#include "cli/commands.h"

#define JSON_OPT "  --json        JSON で出力 / print JSON\n"

const struct cli_command cli_commands[] = {
	{ "init", cmd_init, "init [--demo] [--force]",
	  "データベースを作成する（--demo でNISC付録の例の計画を入れる）",
	  "create the database (--demo: load the NISC appendix's example plan)",
	  "  --demo        デモ計画を入れる / load the demo plan\n"
	  "  --force       既存の計画を置き換える / replace a plan already there\n" },
	{ "import", cmd_import, "import FILE",
	  "計画ファイル（JSON）を検証し、計画全体を置き換える",
	  "validate a plan file (JSON) and replace the whole plan with it", NULL },
	{ "export", cmd_export, "export [-o FILE]",
	  "計画全体をJSONで書き出す（同じ計画は常に同じバイト列）",
	  "write the whole plan as JSON (the same plan always gives the same bytes)",
	  "  -o FILE       ファイルに書く（途中で失敗しても元のまま）/ write to FILE atomically\n" },
	{ "systems", cmd_systems, "systems [--json]",
	  "情報システムのRTO・復旧優先度（表5.3-2）", "systems with RTO and priority tier (表5.3-2)",
	  JSON_OPT },
	{ "rto", cmd_rto, "rto [--json]",
	  "RTOの算定根拠：業務RTO＋代替手段の継続時間（表5.3-1, R1）",
	  "how each RTO is derived: business RTO + alternative means (表5.3-1, R1)", JSON_OPT },
	{ "gaps", cmd_gaps, "gaps [--all] [--json]",
	  "目標対策レベルとの差（リスク、表3.1-1）", "gaps to the target levels (risks, 表3.1-1)",
	  "  --all         差のない組み合わせも表示 / include closed gaps\n" JSON_OPT },
	{ "budget", cmd_budget, "budget [--by step|fy|department] [--json]",
	  "事前対策の予算（千円）の集計（表3.2-2）",
	  "countermeasure budgets in thousand yen (表3.2-2)",
	  "  --by KEY      step（ステップ別）, fy（年度別）, department（部局別）\n" JSON_OPT },
	{ "check", cmd_check, "check [--json]",
	  "計画を点検する（エラーがあれば終了コード1）",
	  "check the plan (exit status 1 when there are errors)", JSON_OPT },
	{ "version", cmd_version, "version", "版を表示する", "print the version", NULL },
	{ "serve", cmd_serve, "serve [--listen ADDR:PORT]",
	  "Webアプリケーションを起動する（既定 127.0.0.1:8080、Ctrl-C で停止）",
	  "run the web application (default 127.0.0.1:8080; stop with Ctrl-C)",
	  "  --listen ADDR:PORT  待ち受けるアドレス / address to listen on\n"
	  "  --threads N   ワーカースレッド数 / worker threads\n"
	  "  --access-log  1リクエスト1行を標準エラーに / one line per request on stderr\n" },
	{ "user", cmd_user, "user add NAME --role ROLE",
	  "Webにログインする利用者を追加・一覧する（役割 admin, planner, responder, viewer）",
	  "add or list the people who sign in (roles admin, planner, responder, viewer)",
	  "  --role ROLE   admin | planner | responder | viewer\n"
	  "  --password-stdin  パスワードを標準入力の1行から読む / read the password from stdin\n"
	  "  --display-name TEXT  氏名 / full name\n"
	  "itbcp user list: 利用者の一覧 / list the users\n" },
	{ NULL, NULL, NULL, NULL, NULL, NULL },
};
