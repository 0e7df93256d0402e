/*
 * commands.c — the one table of CLI commands.  `itbcp help`, every
 * `--help` and the README's command list come from these rows.
 */
#include <stddef.h>

#include "cli/commands.h"
#include "cli/cmd_generate.h"

#define JSON_OPT "  --json        JSON で出力 / print JSON\n"

const struct cli_command commands_table[] = {
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
	{ "serve", cmd_serve, "serve [--listen ADDR:PORT] [--jma-watch]",
	  "Webアプリケーションを起動する（既定 127.0.0.1:8080、Ctrl-C で停止）",
	  "run the web application (default 127.0.0.1:8080; stop with Ctrl-C)",
	  "  --listen ADDR:PORT  待ち受けるアドレス / address to listen on\n"
	  "  --threads N   ワーカースレッド数 / worker threads\n"
	  "  --access-log  1リクエスト1行を標準エラーに / one line per request on stderr\n"
	  "  --jma-watch   気象庁フィードの監視も行う（$ITBCP_JMA_WATCH=1 でも）/ also watch JMA's feed\n"
	  "                (or $ITBCP_JMA_WATCH=1; feed and interval as for jma watch)\n"
	  "  --max-connections N  同時接続の上限（既定 4096）/ connections in all (default 4096)\n"
	  "  --max-per-address N  1アドレスからの同時接続の上限（既定 256）/ from one address "
	  "(default 256)\n"
	  "  --https       HTTPSで公開（前段のプロキシがTLSを終端）: Secure Cookie と HSTS /\n"
	  "                served over HTTPS by a proxy in front: Secure cookies and HSTS\n"
	  "  --trusted-proxy ADDR  このアドレスのプロキシの X-Forwarded-For/-Proto だけを信じる /\n"
	  "                believe X-Forwarded-For/-Proto from this proxy address only\n"
	  "  --primary-url URL  待機系（PostgreSQL のホットスタンバイ）で、書き込み先の主系として示す /\n"
	  "                on a standby (a PostgreSQL hot standby): the primary, linked from its pages\n"
	  "  --agencies FILE  複数の機関を1つのサービスで提供: 1行に「ホスト名 データベース」、\n"
	  "                機関ごとに別のデータベース（--db は使わない）/ serve several agencies, one\n"
	  "                line each: HOST DATABASE, each its own database (--db is not used)\n"
	  "  --backup-dir DIR  起動時と定期的にバックアップを取る / take backups at start and then\n"
	  "                regularly into DIR (as itbcp backup --to DIR)\n"
	  "  --backup-every MIN  間隔（分、既定 60）/ every MIN minutes (default 60)\n"
	  "  --backup-key FILE  バックアップを暗号化する鍵ファイル / key file to encrypt them with\n"
	  "  --backup-dir URL  別サイトへ（sftp://、https://）/ or off-site, with\n"
	  "                --backup-netrc FILE, --backup-ssh-key FILE, --backup-known-hosts FILE\n"
	  "  どのオプションも環境変数 ITBCP_<名前> でも指定できる（例 ITBCP_BACKUP_DIR=DIR、\n"
	  "  フラグは ITBCP_HTTPS=1）。コマンドラインが優先 / every option may also come from\n"
	  "  ITBCP_<NAME> (ITBCP_BACKUP_DIR=DIR, a flag ITBCP_HTTPS=1); the command line wins\n" },
	{ "user", cmd_user, "user add NAME --role ROLE",
	  "Webにログインする利用者を追加・一覧・停止・変更する（役割 admin, planner, responder, viewer）",
	  "add, list, disable or change the people who sign in (roles admin, planner, responder, "
	  "viewer)",
	  "  --role ROLE   admin | planner | responder | viewer\n"
	  "  --password-stdin  パスワードを標準入力の1行から読む / read the password from stdin\n"
	  "  --display-name TEXT  氏名 / full name\n"
	  "  --person ID   計画上の人物に紐付ける / tie to a person of the plan\n"
	  "  --totp-secret-file FILE  二要素認証の秘密鍵（base32、1行）を設定する / provision the\n"
	  "                second factor with the base32 secret in FILE\n"
	  "itbcp user list [--json]: 利用者の一覧 / list the users\n"
	  "itbcp user disable|enable NAME: 利用の停止（ログインも終了）・再開 / disable (ends its sessions), enable\n"
	  "itbcp user role NAME ROLE: 役割の変更 / change the role\n"
	  "itbcp user reset-password NAME [--password-stdin]: 仮のパスワード（次のログインで変更）/ a temporary password, changed at the next sign-in\n"
	  "itbcp user logout NAME: すべてのログインを終了 / end every session\n"
	  "itbcp user person NAME PERSON_ID|--none: 計画上の人物との紐付け / tie to (or untie from) a person of the plan\n"
	  "itbcp user totp NAME --secret-file FILE: 二要素認証を設定（秘密鍵はファイルから、回復コードなし）/ provision the second factor (secret from FILE, no recovery codes)\n"
	  "itbcp user reset-totp NAME: 二要素認証の解除（スマートフォンの紛失。ログインも終了）/ reset the second factor (a lost phone; ends its sessions)\n" },
	{ "render", cmd_render, "render plan|table NAME|figure command|flow|calendar|card PERSON_ID [--format html|md|pdf|odt|xlsx|csv|svg|ics] [-o FILE] [--personal] [--guideline-refs on|off|auto]",
	  "計画を文書として出力する（plan: html, md, pdf／table NAME: csv, md, html）",
	  "write the plan as a document (plan: html, md, pdf; table NAME: csv, md, html)",
	  "  --format FMT  html（既定）, md, pdf; 表は csv（既定）, md, html / output format\n"
	  "  -o FILE       ファイルに書く / write to FILE atomically (default: stdout)\n"
	  "  --personal    個人情報（携帯電話・メール）を含める / include personal data\n"
	  "  --guideline-refs on|off|auto  「ガイドラインの参照先」の枠（既定 auto: 下書きは表示、\n"
	  "                承認された版と同じ計画では省く）/ the guideline reference boxes (default\n"
	  "                auto: shown in a draft, left out when the plan is the approved version)\n"
	  "  card PERSON_ID  携行カード（別表2）PDF / the wallet card as PDF (card size + A4 sheets)\n"
	  "  --url URL     カードのQRコード（本人の安否報告先）/ check-in address for the QR code\n"
	  "                (既定 / default $ITBCP_BASE_URL/c/TOKEN, the person's check-in token)\n"
	  "  --personal-json FILE  本人情報をJSONで（- は標準入力、保存しない）/ the personal part\n"
	  "                as JSON (- = stdin; never stored): name, address, mobile, home_phone,\n"
	  "                insurance_no, meeting_place, evac_work, evac_home, free_text,\n"
	  "                family: [{name, phone}]\n"
	  "  表 / tables:  business-systems, contacts, training, risks, budget, rto, systems\n" },
	{ "pack", cmd_pack, "pack -o FILE [--public]",
	  "オフライン対応パック：手順・チェックリスト・役割・連絡先・参集・システムを1つのHTMLファイルに（サーバーもネットワークもないときのスマートフォン用）",
	  "the offline crisis pack: procedures with a checklist, roles, contacts, assembly and systems in one "
	  "HTML file, for phones when the server and the network are gone",
	  "  -o FILE       書き出すファイル（モード 0600 で作成）/ the file to write (created mode 0600)\n"
	  "  --public      配布用：個人の電話番号・メールを除く / for wide distribution: no personal numbers\n"
	  "                or e-mail addresses\n" },
	{ "backup", cmd_backup, "backup --to DIR|URL [--key FILE] [--keep-hourly N] [--keep-daily N]",
	  "データベースの一貫したコピーを取る（serve の実行中でも）。検証し、鍵があれば暗号化する",
	  "take a consistent copy of the database (also while serve runs), verified, encrypted "
	  "with a key file when given",
	  "  --to DIR      保存先のディレクトリ（なければ 0700 で作る）/ the directory (made 0700)\n"
	  "  --to URL      別サイトへ送り、読み戻して確かめる / send off-site and read it back:\n"
	  "                sftp://HOST[:PORT]/DIR/ or https://HOST/DIR/ (PUT, GET, DELETE)\n"
	  "  --netrc FILE  URL の利用者とパスワード（netrc 形式、所有者のみ）/ user and password\n"
	  "                (netrc format, owner-only; never in the URL)\n"
	  "  --ssh-key FILE  sftp の秘密鍵 / sftp: the private key\n"
	  "  --known-hosts FILE  sftp の相手のホスト鍵 / sftp: the server's host key\n"
	  "  --key FILE    32バイトの鍵ファイル（所有者のみ読めること）で暗号化 / encrypt with a\n"
	  "                32-byte key file only its owner can read\n"
	  "  --keep-hourly N  直近 N 時間の各1件を残す（既定 48）/ keep the newest of each of the\n"
	  "                last N hours (default 48)\n"
	  "  --keep-daily N   直近 N 日の各1件を残す（既定 30、0 と 0 で全部残す）/ and of the last\n"
	  "                N days (default 30; 0 and 0 keep every copy)\n"
	  "  --new-key FILE  鍵ファイルを新しく作る / make a new key file\n"
	  "  --method step|vacuum  コピーの方法（既定 step、測定用）/ how to copy (default step)\n"
	  JSON_OPT },
	{ "restore", cmd_restore, "restore FILE [--key FILE] [--check] [--force]",
	  "バックアップを検証してから --db のデータベースとして復元する（壊れていれば何も変えない）",
	  "verify a backup, then restore it as the --db database (nothing changes if it is damaged)",
	  "  --key FILE    暗号化されたバックアップの鍵ファイル / the key file of an encrypted backup\n"
	  "  --check       検証だけして復元しない / verify only, restore nothing\n"
	  "  --force       既存のデータベースを置き換える（元は .replaced-時刻 として残す）/ replace an\n"
	  "                existing database (the old one is kept as .replaced-TIME)\n" JSON_OPT },
	{ "copy", cmd_copy, "copy --to FILE|URI [--json]",
	  "データベース全体を空のデータベースへ複製する（SQLite ⇄ PostgreSQL、検証してから確定）",
	  "copy the whole database into an empty one (SQLite to PostgreSQL and back), verified "
	  "before it is committed",
	  "  --to FILE     SQLite のファイル（なければ作る）/ a SQLite file (made when missing)\n"
	  "  --to URI      PostgreSQL のデータベース（postgresql://…、空であること）/ a PostgreSQL\n"
	  "                database (postgresql://…; it must be empty)\n" JSON_OPT },
	{ "test-generate", cmd_generate, "test-generate [--systems N] [--people N] [--businesses N] [-o FILE]",
	  NULL, NULL, NULL },
	{ "jma", cmd_jma, "jma ingest FILE… [--json] | jma list [--json] | jma watch [--feed URL] [--interval SECONDS] [--once]",
	  "気象庁防災情報XML（地震・津波）を取り込み、参集基準で判断して記録する（出典：気象庁）",
	  "take in JMA XML reports (earthquake, tsunami), decide by the assembly criteria, keep each with why (source: JMA)",
	  "  ingest FILE…  報告を取り込む（同じ報告は一度だけ）/ take in reports (each once)\n"
	  "  list          受け取った報告と判断の理由 / the reports received and why each did what it did\n"
	  "  watch         気象庁の Atom フィードを監視し、地震・津波の報告を一度ずつ取り込む /\n"
	  "                poll JMA's Atom feed, take in each earthquake and tsunami report once\n"
	  "  --feed URL    フィード（既定 $ITBCP_JMA_FEED、なければ気象庁の eqvol.xml）/ the feed\n"
	  "                (default $ITBCP_JMA_FEED, else JMA's eqvol.xml)\n"
	  "  --interval S  取得の間隔（秒、既定 $ITBCP_JMA_INTERVAL、なければ60。気象庁へは60以上）/\n"
	  "                seconds between polls (default $ITBCP_JMA_INTERVAL, else 60; at least 60 for JMA)\n"
	  "  --timeout S   1回の取得の時間切れ（秒、既定30）/ seconds for one transfer (default 30)\n"
	  "  --once        1回だけ取得して終わる（cron 用）/ poll once and exit (for cron)\n"
	  "  --as NAME     記録に残す実行者 / who ran it, for the record\n" JSON_OPT },
	{ "deliver", cmd_deliver, "deliver set KEY VALUE | show [--json] | run [--once] | list [--incident N] [--json]",
	  "安否確認などのメール・Webhookを送る（設定、送信、送信記録）",
	  "send the check-in requests and other messages by mail and webhook (settings, sending, record)",
	  "  set KEY VALUE  設定する（空の VALUE で削除）/ set a setting (empty VALUE: remove it)\n"
	  "                public_url, smtp_url, smtp_tls, smtp_from, smtp_user,\n"
	  "                smtp_password_file, webhook_url, deliver_parallel\n"
	  "  show          設定の一覧 / the settings\n"
	  "  run           期限の来たメッセージを送り続ける（Ctrl-C で停止）/ send what is due until stopped\n"
	  "  --once        送るものがなくなったら終了 / stop when nothing is due\n"
	  "  list          誰に何をいつ送り、受け付けられたか / what was sent to whom, when, and the answer\n"
	  "  --incident N  事案Nの分だけ / only incident N's\n"
	  "  --as NAME     記録に残す実行者 / who ran it, for the audit log\n" JSON_OPT },
	{ "incident", cmd_incident, "incident start|list|show|checkin|step|add-step|system|decide|note|report|close|review|verify|timeline|tokens|import-ticks|hold …",
	  "危機的事象発生時の対応を記録・運用する（発動、安否・参集、手順、復旧、報告、振り返り）",
	  "run the plan in a crisis: activation, check-ins, steps, recovery, reports, review",
	  "  start --event ID (--at TIME | --jma FILE) [--intensity 6- --area 東京都] [--system ID] [--text T] [--drill]\n"
	  "  list | show ID | report ID [--format text|json] [--kind situation|completion]\n"
	  "  checkin ID PERSON --status safe|injured|cannot_act [--assembly yes|online|no] [--eta TIME]\n"
	  "          [--location TEXT] [--note TEXT] [--at TIME]\n"
	  "  step ID STEP (--start|--done) [--note TEXT] [--due TIME]   add-step ID TITLE [--roles R1,R2] [--due TIME]\n"
	  "  system ID SYSTEM [--damage unknown|none|degraded|down|destroyed] [--policy affected_site|alternate_site]\n"
	  "          [--target-level N] [--method TEXT] [--state not_started|in_progress|validating|restored]\n"
	  "          [--level N] [--expect TIME] [--validated data|function] [--restored-at TIME]\n"
	  "  decide ID TEXT | note ID TEXT [--request] | close ID [--training ID] [--evaluation TEXT]\n"
	  "  review ID [--cause T] [--evaluation T] [--improvements T] | timeline ID\n"
	  "  verify ID [--witness SEQ:HASH]   記録の検証（報告書の「記録の確認値」と照合も）/\n"
	  "          check the record (and against a report's record check)\n"
	  "  tokens [--base-url URL] [--rotate PERSON]   個人別の安否報告URL / personal check-in URLs\n"
	  "  import-ticks ID FILE   オフライン対応パックで付けたチェックを記録に加える（同じファイルは一度だけ）/\n"
	  "          add the ticks exported from the offline pack to the record (a file counts once)\n"
	  "  hold ID --stop|--send   保留中の一斉送信を停止／今すぐ送信 / stop or send a call-out on hold\n"
	  "  TIME = ISO 8601 (2026-01-12T18:00+09:00)   --as NAME 記録者 / author (default $USER)\n"
	  JSON_OPT },
	{ NULL, NULL, NULL, NULL, NULL, NULL },
};
