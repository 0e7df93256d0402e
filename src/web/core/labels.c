/*
 * labels.c — the labels of every field, choice and section (labels.h).
 *
 * A row names a kind (the JSON key of schema.c) or "*" for a field name
 * that reads the same in every kind; the kind's own row wins.  The words
 * follow the appendix's tables (表1.4-1, 表5.3-1 …) so a reviewer finds
 * them in the official template.
 */
#include "web/core/labels.h"

#include <string.h>

struct field_label {
	const char *kind, *field;
	const char *ja, *en;
	const char *hint_ja, *hint_en;
};

static const struct field_label fields[] = {
	/* shared names */
	{ "*", "id", "ID", "Id", "英小文字・数字・- _（例: mail-system）", "a-z, 0-9, - and _ (e.g. mail-system)" },
	{ "*", "name", "名称", "Name", NULL, NULL },
	{ "*", "name_en", "名称（英語）", "Name in English", NULL, NULL },
	{ "*", "department", "部局", "Department", NULL, NULL },
	{ "*", "event", "危機的事象", "Crisis event", NULL, NULL },
	{ "*", "component", "構成要素", "Component", NULL, NULL },
	{ "*", "system", "情報システム", "System", NULL, NULL },
	{ "*", "role", "役割", "Role", NULL, NULL },
	{ "*", "title", "名称", "Title", NULL, NULL },
	{ "*", "duties", "役割の概要", "Duties", "1行に1項目", "one per line" },
	{ "*", "description", "内容", "Description", NULL, NULL },
	{ "*", "level", "レベル", "Level", "0は対策なし", "0 means no measure" },
	{ "*", "fy", "年度", "Fiscal year", "4月に始まる年の西暦（令和8年度=2026）", "Gregorian year of April (FY2026 = 令和8年度)" },
	{ "*", "no", "番号", "No.", NULL, NULL },
	{ "*", "date", "実施日", "Date", NULL, NULL },
	{ "*", "actions", "実施内容", "Actions", "1行に1項目", "one per line" },
	{ "*", "kind", "種別", "Kind", NULL, NULL },

	/* 組織と方針 */
	{ "organisation", "name", "組織名", "Organisation", NULL, NULL },
	{ "organisation", "name_en", "組織名（英語）", "Organisation in English", NULL, NULL },
	{ "organisation", "plan_title", "計画の名称", "Plan title", NULL, NULL },
	{ "organisation", "purpose", "策定趣旨（§1.1）", "Purpose (§1.1)", NULL, NULL },
	{ "organisation", "bcp_name", "業務継続計画の名称", "Business continuity plan", NULL, NULL },
	{ "organisation", "bcp_established", "業務継続計画の策定日", "BCP established on", NULL, NULL },
	{ "organisation", "scope_note", "対象範囲の補足（§1.3）", "Scope note (§1.3)", NULL, NULL },
	{ "organisation", "report_destination", "危機的事象発生時の報告先", "Report destination in a crisis", NULL, NULL },
	{ "organisation", "fallback_channels", "通常の連絡手段が使えない場合の手段（§2.2.1）", "Channels when the normal ones fail (§2.2.1)", NULL, NULL },
	{ "organisation", "tier_s_max_hours", "優先度Sの上限（時間）", "Tier S up to (hours)", "表5.3-3。既定 3", "表5.3-3; default 3" },
	{ "organisation", "tier_a_max_hours", "優先度Aの上限（時間）", "Tier A up to (hours)", "既定 24（1日）", "default 24 (1 day)" },
	{ "organisation", "tier_b_max_hours", "優先度Bの上限（時間）", "Tier B up to (hours)", "既定 72（3日）", "default 72 (3 days)" },
	{ "organisation", "tier_c_max_hours", "優先度Cの上限（時間）", "Tier C up to (hours)", "既定 168（1週間）", "default 168 (1 week)" },
	{ "organisation", "tier_d_max_hours", "優先度Dの上限（時間）", "Tier D up to (hours)", "既定 336（2週間）。これより長いとE", "default 336 (2 weeks); longer is E" },
	{ "organisation", "review_month_from", "年次見直しの開始月", "Annual review from month", "§4.2.3", "§4.2.3" },
	{ "organisation", "review_month_to", "年次見直しの終了月", "Annual review to month", NULL, NULL },
	{ "organisation", "training_plan_month", "教育訓練計画を作る月", "Month the training plan is made", "§4.1(2)", "§4.1(2)" },
	{ "organisation", "classification", "格付（機密性）の表示", "Classification marking", "表紙と各ページに表示（例：機密性2）。空欄なら表示しない", "on the cover and every page (e.g. 機密性2); empty: none" },
	{ "organisation", "policy_statement", "基本方針の枠の文言（§1.2）", "Policy statement (§1.2)", "空欄なら付録の文言", "empty: the appendix's wording" },
	{ "organisation", "venue_note", "参集場所の補足（§2.1.4）", "Note on venues (§2.1.4)", "代替の参集場所・テレワーク。空欄なら付録の文言", "other venues and telework; empty: the appendix's wording" },
	{ "organisation", "aftershock_window_hours", "余震として扱う時間（時間）", "Aftershock window (hours)", "同じ地域の報告がこの時間内なら対応中のインシデントに加える", "a report in the same area within this many hours joins the running incident" },

	{ "policies", "text", "基本方針", "Policy", NULL, NULL },

	{ "departments", "name", "部局・組織名", "Department", NULL, NULL },

	{ "people", "own_areas", "自分の地域（自宅・勤務地、個人情報）", "Own areas (home, workplace; personal)",
	  "気象庁の地域名・都道府県・コード、1行に1つ。震度が参集基準に達すると安否を確認します",
	  "JMA area names, prefectures or codes, one per line: an intensity meeting a criterion there asks you if safe" },
	{ "people", "name", "氏名", "Name", NULL, NULL },
	{ "people", "department", "所属", "Affiliation", NULL, NULL },
	{ "people", "title", "役職", "Position", NULL, NULL },
	{ "people", "contact_role", "役割（連絡先一覧）", "Role in the contact lists", "表2.2-1、表2.2-2", "表2.2-1, 表2.2-2" },
	{ "people", "phone", "電話番号", "Phone", NULL, NULL },
	{ "people", "alt_site_phone", "代替拠点の電話番号", "Phone at the alternate site", NULL, NULL },
	{ "people", "mobile", "携帯電話（個人情報）", "Mobile (personal)", NULL, NULL },
	{ "people", "home_phone", "自宅電話（個人情報）", "Home phone (personal)", NULL, NULL },
	{ "people", "email", "電子メール（個人情報）", "E-mail (personal)", NULL, NULL },
	{ "people", "email_private", "私用メール（個人情報）", "Private e-mail (personal)", NULL, NULL },

	{ "roles", "name", "役割名", "Role", NULL, NULL },
	{ "roles", "structure", "体制", "Structure", NULL, NULL },
	{ "roles", "reports_to", "報告先の役割（図2.2-1）", "Reports to (図2.2-1)", NULL, NULL },

	{ "role_holders", "person", "担当者", "Person", NULL, NULL },
	{ "role_holders", "rank", "順位", "Rank", "0が正、1以上が代理者", "0 is the primary holder, 1 and up the deputies" },

	{ "events", "name", "事象名", "Event", NULL, NULL },
	{ "events", "scenario", "想定する条件（§5.1(2)）", "Scenario conditions (§5.1(2))", "1行に1条件", "one condition per line" },
	{ "events", "damage_note", "被害想定の説明（§5.2、表の後）", "Note on the damage assumed (§5.2, after the table)", "被害をどのように想定したか。1行に1段落。空欄なら印刷しない", "how the damage was assumed; one paragraph per line; empty prints nothing" },

	{ "assembly_criteria", "automatic", "自動参集", "Automatic assembly", "外すと最高責任者の判断で参集", "unticked: assembly on the chief's decision" },
	{ "assembly_criteria", "condition", "参集基準", "Criterion", NULL, NULL },
	{ "assembly_criteria", "min_intensity", "震度（以上）", "Seismic intensity at least", NULL, NULL },
	{ "assembly_criteria", "hazard", "対象の情報", "Hazard", "気象庁の地震情報（震度）か津波警報・注意報（区分）", "JMA earthquake reports (intensity) or tsunami warnings (level)" },
	{ "assembly_criteria", "min_tsunami", "津波の区分（以上）", "Tsunami level at least", NULL, NULL },
	{ "assembly_criteria", "areas", "地域", "Areas", "都道府県・気象庁の地域名・津波予報区またはコード、1行に1つ。空欄は全域", "prefectures, JMA area or tsunami forecast area names or codes, one per line; empty: anywhere" },
	{ "assembly_criteria", "roles", "参集する役割", "Roles called in", "役割のID、1行に1つ。空欄は危機的事象発生時の体制のすべての役割（代理者を含む）", "role ids, one per line; empty: every role of the crisis structure (deputies included)" },
	{ "assembly_criteria", "call", "参集する人", "Who is called in", "全員＝担当者一覧の職員全員（委託先・関係部局を除く）。参集なし＝安否確認だけ", "everyone = all staff in the people list (not contractors or related departments); nobody = a safety check only" },
	{ "assembly_criteria", "ask_everyone", "全職員に安否確認", "Ask all staff if safe", "参集しない職員にも安否を確認する", "staff not called in are asked whether they are safe" },

	{ "assembly_locations", "priority", "順位", "Priority", "1が第1順位", "1 is the first choice" },
	{ "assembly_locations", "place", "参集場所", "Place", NULL, NULL },
	{ "assembly_locations", "online", "オンライン参集", "Online", NULL, NULL },

	{ "procedures", "variant", "時間帯", "Time variant", NULL, NULL },
	{ "procedures", "title", "手順の名称", "Title", NULL, NULL },

	{ "procedure_steps", "procedure", "対応手順", "Procedure", NULL, NULL },
	{ "procedure_steps", "no", "項番", "No.", NULL, NULL },
	{ "procedure_steps", "title", "項目", "Step", NULL, NULL },
	{ "procedure_steps", "documents", "参照文書類", "Reference documents", NULL, NULL },

	{ "step_roles", "step", "手順の項目", "Procedure step", NULL, NULL },
	{ "step_roles", "role", "担当役割", "Responsible role", NULL, NULL },

	{ "businesses", "name", "業務名", "Business", NULL, NULL },
	{ "businesses", "department", "担当部局", "Department", NULL, NULL },
	{ "businesses", "environment", "環境", "Environment", "外部委託先・省庁内・関係各所など", "contractor, in-house, related offices …" },
	{ "businesses", "rto_hours", "業務目標復旧時間（時間）", "Business RTO (hours)", "別表1。1日=24、3日=72", "別表1; 1 day = 24, 3 days = 72" },
	{ "businesses", "rlo", "業務目標復旧レベル", "Business RLO", NULL, NULL },

	{ "systems", "name", "システム名", "System", NULL, NULL },
	{ "systems", "department", "運用管理主体", "Managing department", NULL, NULL },
	{ "systems", "summary", "システム概要", "Summary", NULL, NULL },
	{ "systems", "in_scope", "計画の対象（表1.3-1）", "In scope (表1.3-1)", NULL, NULL },
	{ "systems", "rlo", "目標復旧レベル（RLO）", "Recovery level objective (RLO)", "例: 平時の50%まで復旧", "e.g. back to 50% of normal" },
	{ "systems", "rlo_percent", "RLO（平常時に対する%）", "RLO (% of normal)", "100は完全復旧", "100 is full recovery" },
	{ "systems", "rto_override_hours", "RTOの上書き（時間）", "RTO override (hours)", "空欄なら業務RTOから算定（R1）", "empty: derived from the business RTO (R1)" },
	{ "systems", "rto_override_reason", "RTOを上書きする理由", "Reason for the RTO override", NULL, NULL },
	{ "systems", "tier_override", "復旧優先度の上書き", "Tier override", "空欄ならRTOから算定（R2）", "empty: from the RTO (R2)" },
	{ "systems", "tier_override_reason", "復旧優先度を上書きする理由", "Reason for the tier override", NULL, NULL },
	{ "systems", "risks", "リスク・課題（別表1）", "Risks and issues (別表1)", NULL, NULL },
	{ "systems", "countermeasures", "リスク・課題に対する対策（別表1）", "Countermeasures (別表1)", NULL, NULL },

	{ "business_systems", "business", "非常時優先業務", "Priority business", NULL, NULL },
	{ "business_systems", "alt_means", "代替手段", "Alternative means", NULL, NULL },
	{ "business_systems", "alt_hours", "代替手段で継続できる時間（時間）", "Hours the business continues without it", "なければ 0（R1）", "0 when there is none (R1)" },

	{ "system_dependencies", "depends_on", "依存先のシステム", "Depends on", NULL, NULL },

	{ "components", "id", "ID", "Id", "staff, facility, hardware, system_area, data_area, network, contractor", "staff, facility, hardware, system_area, data_area, network, contractor" },
	{ "components", "category", "分類", "Category", NULL, NULL },
	{ "components", "name", "構成要素", "Component", NULL, NULL },
	{ "components", "description", "説明", "Description", NULL, NULL },

	{ "level_descriptions", "title", "レベルの名称", "Level title", NULL, NULL },

	{ "target_levels", "tier", "復旧優先度", "Tier", NULL, NULL },
	{ "target_levels", "level", "目標対策レベル", "Target level", NULL, NULL },

	{ "assessments", "current_level", "現状対策レベル", "Current level", "0は対策なし", "0 means no measure" },
	{ "assessments", "risk", "リスク", "Risk", NULL, NULL },

	{ "countermeasure_steps", "no", "ステップ", "Step", NULL, NULL },
	{ "countermeasure_steps", "fy_from", "開始年度", "From fiscal year", "西暦（令和8年度=2026）", "Gregorian (FY2026 = 令和8年度)" },
	{ "countermeasure_steps", "fy_to", "終了年度", "To fiscal year", NULL, NULL },
	{ "countermeasure_steps", "contents", "実施内容", "Contents", NULL, NULL },
	{ "countermeasure_steps", "effect", "期待される効果", "Expected effect", NULL, NULL },
	{ "countermeasure_steps", "residual_risk", "残存リスク", "Residual risk", NULL, NULL },

	{ "countermeasure_items", "step", "事前対策ステップ", "Countermeasure step", NULL, NULL },
	{ "countermeasure_items", "measure", "対策", "Measure", NULL, NULL },
	{ "countermeasure_items", "level", "ステップ到達レベル", "Level reached", NULL, NULL },
	{ "countermeasure_items", "budget_kyen", "必要予算（千円）", "Budget (thousand yen)", "未定なら空欄", "empty when not yet known" },
	{ "countermeasure_items", "fy", "予算の年度", "Fiscal year of the spend", "空欄ならステップの開始年度", "empty: the step's first year" },
	{ "countermeasure_items", "owner", "実施主体", "Owner", NULL, NULL },
	{ "countermeasure_items", "owner_note", "実施主体の補足", "Owner note", "例: ○担当", "e.g. the team" },

	{ "damage_assumptions", "subject", "対象", "Subject", NULL, NULL },
	{ "damage_assumptions", "assumption", "被害想定", "Assumption", NULL, NULL },

	{ "trainings", "title", "教育訓練内容", "Training", NULL, NULL },
	{ "trainings", "type", "種類", "Type", NULL, NULL },
	{ "trainings", "method", "教育訓練方法", "Method", NULL, NULL },
	{ "trainings", "audience", "受講対象", "Audience", NULL, NULL },
	{ "trainings", "months", "実施月", "Months", NULL, NULL },
	{ "trainings", "planner", "企画者", "Planner", NULL, NULL },
	{ "trainings", "remarks", "備考", "Remarks", NULL, NULL },

	{ "calendar_markers", "month", "月", "Month", NULL, NULL },
	{ "calendar_markers", "label", "内容（▼）", "Label (▼)", NULL, NULL },

	{ "training_records", "training", "教育訓練", "Training", NULL, NULL },
	{ "training_records", "participants", "参加者数", "Participants", NULL, NULL },
	{ "training_records", "evaluation", "評価（目標・結果・改善）", "Evaluation (goal, result, improvement)", NULL, NULL },

	{ "reviews", "occasion", "見直しの契機", "Occasion", NULL, NULL },
	{ "reviews", "reviewer", "実施者", "Reviewer", NULL, NULL },
	{ "reviews", "reviewer_name", "実施者（名簿にない場合）", "Reviewer (if not in the list)", NULL, NULL },
	{ "reviews", "summary", "概要", "Summary", NULL, NULL },

	{ "review_answers", "review", "見直し", "Review", NULL, NULL },
	{ "review_answers", "question", "確認事項（表4.2-2の番号）", "Question (表4.2-2 number)", "1〜14", "1–14" },
	{ "review_answers", "answer", "回答", "Answer", NULL, NULL },
	{ "review_answers", "note", "備考", "Note", NULL, NULL },
};

struct choice_label {
	const char *field, *value, *ja, *en;
};

static const struct choice_label choices[] = {
	{ "kind", "it", "情報システム部門", "IT department" },
	{ "kind", "related", "関係部局", "Related department" },
	{ "kind", "contractor", "委託先", "Contractor" },
	{ "kind", "csirt", "CSIRT", "CSIRT" },
	{ "kind", "other", "その他", "Other" },
	{ "kind", "disaster", "大規模災害", "Large-scale disaster" },
	{ "kind", "security", "情報セキュリティインシデント", "Information security incident" },
	{ "kind", "pandemic", "感染症", "Infectious disease" },
	{ "structure", "promotion", "推進体制（表1.4-1）", "Promotion structure (表1.4-1)" },
	{ "structure", "crisis", "危機的事象発生時の体制（表2.1-1）", "Crisis structure (表2.1-1)" },
	{ "hazard", "earthquake", "地震（震度）", "Earthquake (intensity)" },
	{ "hazard", "tsunami", "津波（警報・注意報）", "Tsunami (warning level)" },
	{ "call", "roles", "上の役割の担当者（代理者を含む）", "Holders of the roles above (deputies too)" },
	{ "call", "everyone", "職員全員", "Everyone on the staff" },
	{ "call", "nobody", "参集なし（安否確認のみ）", "Nobody (a safety check only)" },
	{ "min_tsunami", "", "指定なし", "None" },
	{ "min_tsunami", "advisory", "津波注意報", "Tsunami advisory" },
	{ "min_tsunami", "warning", "津波警報", "Tsunami warning" },
	{ "min_tsunami", "major", "大津波警報", "Major tsunami warning" },
	{ "min_intensity", "", "指定なし", "None" },
	{ "min_intensity", "1", "震度1", "Intensity 1" },
	{ "min_intensity", "2", "震度2", "Intensity 2" },
	{ "min_intensity", "3", "震度3", "Intensity 3" },
	{ "min_intensity", "4", "震度4", "Intensity 4" },
	{ "min_intensity", "5-", "震度5弱", "Intensity 5 lower" },
	{ "min_intensity", "5+", "震度5強", "Intensity 5 upper" },
	{ "min_intensity", "6-", "震度6弱", "Intensity 6 lower" },
	{ "min_intensity", "6+", "震度6強", "Intensity 6 upper" },
	{ "min_intensity", "7", "震度7", "Intensity 7" },
	{ "variant", "any", "共通", "Any time" },
	{ "variant", "night_holiday", "夜間・休日", "Night or holiday" },
	{ "variant", "weekday_day", "平日日中", "Weekday daytime" },
	{ "tier_override", "", "上書きしない（RTOから算定）", "No override (from the RTO)" },
	{ "category", "human", "人的資源", "Human resources" },
	{ "category", "facility", "建物・設備", "Buildings and facilities" },
	{ "category", "system", "情報システム", "Information system" },
	{ "category", "external", "外部組織", "External organisations" },
	{ "subject", "staff", "職員等", "Staff" },
	{ "subject", "site", "庁舎", "Site" },
	{ "subject", "transport", "交通", "Transport" },
	{ "subject", "power", "電力", "Power" },
	{ "subject", "water", "上下水道", "Water" },
	{ "subject", "network", "通信", "Network" },
	{ "subject", "equipment", "設備・機器", "Equipment" },
	{ "subject", "data", "データ", "Data" },
	{ "type", "desk_check", "手順書の読み合わせ（机上）", "Desk check of procedures" },
	{ "type", "scenario", "シナリオ訓練", "Scenario exercise" },
	{ "type", "unannounced", "非提示型訓練", "Unannounced exercise" },
	{ "type", "recovery", "システム復旧訓練", "System recovery" },
	{ "type", "switchover", "システム切替訓練", "System switch-over" },
	{ "type", "new_staff", "新任者教育", "New-staff education" },
	{ "type", "other", "その他", "Other" },
	{ "occasion", "annual", "年次見直し（§4.2.3）", "Annual review (§4.2.3)" },
	{ "occasion", "countermeasure", "事前対策の実施後", "After countermeasures" },
	{ "occasion", "training", "教育訓練の実施後", "After training" },
	{ "occasion", "new_system", "新しいシステムの構築時", "New system built" },
	{ "occasion", "incident", "危機的事象の発生後（§4.2.2）", "After an incident (§4.2.2)" },
	{ "occasion", "other", "その他", "Other" },
	{ "answer", "yes", "はい", "Yes" },
	{ "answer", "no", "いいえ", "No" },
	{ "answer", "na", "該当なし", "Not applicable" },
};

const struct label_section label_sections[] = {
	{ "1.1", "策定趣旨", "Purpose", { "organisation", NULL } },
	{ "1.2", "基本方針", "Basic policy", { "policies", NULL } },
	{ "1.3", "対象範囲", "Scope", { "systems", "system_dependencies", NULL } },
	{ "1.4", "推進体制", "Promotion structure", { "departments", "people", "roles", "role_holders", NULL } },
	{ "2.1", "危機的事象発生時の体制", "Structure in a crisis", { "events", "roles", "role_holders", "assembly_criteria", "assembly_locations", NULL } },
	{ "2.2", "指揮命令系統と連絡体制", "Command structure and contacts", { "roles", "departments", "people", NULL } },
	{ "2.3", "危機的事象発生時の対応手順", "Response procedures", { "procedures", "procedure_steps", "step_roles", NULL } },
	{ "3.1", "現状の対策レベルとリスク", "Current level and risk", { "assessments", NULL } },
	{ "3.2", "事前対策計画", "Pre-countermeasure plan", { "countermeasure_steps", "countermeasure_items", NULL } },
	{ "4.1", "教育訓練", "Training", { "trainings", "calendar_markers", "training_records", NULL } },
	{ "4.2", "計画の見直し", "Review of the plan", { "reviews", "review_answers", NULL } },
	{ "5.1", "危機的事象の想定", "Crisis events", { "events", NULL } },
	{ "5.2", "被害想定", "Damage assumptions", { "damage_assumptions", NULL } },
	{ "5.3", "RTO・RLO・復旧優先度", "RTO, RLO and priority", { "systems", "businesses", "business_systems", NULL } },
	{ "5.4", "構成要素と目標対策レベル", "Components and target levels", { "components", "level_descriptions", "target_levels", NULL } },
	{ "別表1", "非常時優先業務と情報システム", "Priority businesses and systems", { "businesses", "business_systems", "systems", NULL } },
};
const size_t label_n_sections = sizeof label_sections / sizeof label_sections[0];

/* The row for field name of kind e: its own, else the shared one, else NULL. */
static const struct field_label *find(const struct entity_def *e, const char *name)
{
	const struct field_label *shared = NULL;
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		if (strcmp(fields[i].field, name) != 0)
			continue;
		if (strcmp(fields[i].kind, e->key) == 0)
			return &fields[i];
		if (!shared && strcmp(fields[i].kind, "*") == 0)
			shared = &fields[i];
	}
	return shared;
}

const char *label_field(enum lang lang, const struct entity_def *e, const char *name)
{
	const struct field_label *f = find(e, name);
	return f ? L(lang, f->ja, f->en) : name;
}

int label_field_known(const struct entity_def *e, const char *name)
{
	return find(e, name) != NULL;
}

const char *label_hint(enum lang lang, const struct entity_def *e, const char *name)
{
	const struct field_label *f = find(e, name);
	if (!f || !f->hint_ja)
		return NULL;
	return L(lang, f->hint_ja, f->hint_en);
}

const char *label_choice(enum lang lang, const char *field, const char *value)
{
	for (size_t i = 0; i < sizeof choices / sizeof choices[0]; i++)
		if (strcmp(choices[i].field, field) == 0 && strcmp(choices[i].value, value) == 0)
			return L(lang, choices[i].ja, choices[i].en);
	return value;
}

const char *label_kind(enum lang lang, const struct entity_def *e)
{
	return L(lang, e->label_ja, e->label_en);
}

const struct label_section *label_section_of(const char *key)
{
	for (size_t i = 0; i < label_n_sections; i++)
		for (size_t k = 0; k < LABEL_SECTION_KINDS && label_sections[i].kinds[k]; k++)
			if (strcmp(label_sections[i].kinds[k], key) == 0)
				return &label_sections[i];
	return NULL;
}
