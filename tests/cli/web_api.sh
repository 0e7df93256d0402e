# web_api.sh — the JSON API of `itbcp serve` as a black box with curl and jq
# (issue 4, item 8): sign in, read the systems with their derived RTO and
# tier, change a business's RTO and see the system follow, and the error
# answers — 401 without a session, 403 without the X-CSRF-Token header,
# 400 with a path for bad JSON, 422 with the field's path, 409 for a
# referenced delete — each leaving the plan as it was.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/web_lib.sh"
command -v jq >/dev/null || fail "jq is missing (scripts/deps.sh installs it)"


demo_db d.db
echo 'planner-pass-1' | $ITBCP --db d.db user add pat --role planner --password-stdin >/dev/null
echo 'viewer-pass-1' | $ITBCP --db d.db user add vera --role viewer --password-stdin >/dev/null

serve_start
[ -n "$U" ] || fail "no address in: $(cat serve.out)"

# login JAR NAME PASSWORD: signs in through the form, leaving the session in JAR.
# api JAR METHOD PATH [BODY]: prints the status; the body goes to out.json.
api() {
	if [ $# -ge 4 ]; then
		curl -s -o out.json -w '%{http_code}' -b "$1" -X "$2" -H "X-CSRF-Token: $TOKEN" \
			-H 'Content-Type: application/json' --data-binary "$4" "$U$3"
	else
		curl -s -o out.json -w '%{http_code}' -b "$1" -X "$2" -H "X-CSRF-Token: $TOKEN" "$U$3"
	fi
}

# Without a session: 401 with a JSON error.
expect_eq "$(curl -s -o out.json -w '%{http_code}' "$U/api/v1/systems")" 401 "anonymous API call"
expect_eq "$(jq -r '.errors[0].path' out.json)" '$' "401 error has a path"

expect_eq "$(login jar pat planner-pass-1)" 303 "planner signs in"
TOKEN=""
expect_eq "$(api jar GET /api/v1/session)" 200 "session"
TOKEN=$(jq -r .csrf_token out.json)
expect_eq "$(jq -r .role out.json)" planner "session role"

# The systems with their derived RTO and tier (R1, R2), like `itbcp systems --json`.
expect_eq "$(api jar GET /api/v1/systems)" 200 "GET systems"
expect_eq "$(jq -r '.[] | select(.name == "メールシステム") | "\(.rto_hours) \(.tier)"' out.json)" "15 A" \
	"メールシステム 15 A"
expect_eq "$(jq -r '.[] | select(.id == "mail") | .rto_set_by' out.json)" biz-1 "set by 優先業務1"

# PUT a business's RTO and see the system change.
expect_eq "$(api jar GET /api/v1/businesses/biz-2)" 200 "GET a business"
body=$(jq -c '.rto_hours = 2' out.json)
expect_eq "$(api jar PUT /api/v1/businesses/biz-2 "$body")" 200 "PUT business rto"
expect_eq "$(jq -r .rto_hours out.json)" 2 "PUT answers the stored element"
expect_eq "$(api jar GET /api/v1/systems/mail)" 200 "GET mail"
expect_eq "$(jq -r '"\(.rto_hours) \(.tier) \(.rto_set_by)"' out.json)" "2 S biz-2" "mail follows: 2 h, tier S"
$ITBCP --db d.db systems --json | jq -e '.[] | select(.id == "mail") | .rto_hours == 2' >/dev/null ||
	fail "the CLI does not see the change"

# Bad JSON: 400 with a path; an invalid field: 422 with its path; nothing saved.
expect_eq "$(api jar PUT /api/v1/businesses/biz-2 '{"id": "biz-2",')" 400 "bad JSON"
expect_eq "$(jq -r '.errors[0].path' out.json)" '$' "bad JSON path"
jq -r '.errors[0].message' out.json | grep -q "JSON" || fail "bad JSON message: $(cat out.json)"
expect_eq "$(api jar PUT /api/v1/businesses/biz-2 '{"id":"biz-2","name":"優先業務2","rto_hours":"3日"}')" 422 \
	"invalid field"
expect_eq "$(jq -r '.errors[0].path' out.json)" '$.rto_hours' "invalid field path"
expect_eq "$(api jar PUT /api/v1/systems/mail '{"id":"mail","name":"メールシステム","rto_override_hours":6}')" 422 \
	"override without reason"
expect_eq "$(jq -r '.errors[0].path' out.json)" '$.rto_override_reason' "override reason path"
# The element rules are the import's too (rules/element_rules.c): tier bounds
# out of order and a step whose last fiscal year is before its first.
expect_eq "$(api jar GET /api/v1/organisation)" 200 "GET organisation"
org=$(jq -c '.tier_s_max_hours = 100 | .tier_a_max_hours = 24' out.json)
expect_eq "$(api jar PUT /api/v1/organisation "$org")" 422 "tier bounds out of order"
expect_eq "$(jq -r '.errors[0].path' out.json)" '$.tier_a_max_hours' "tier bound path"
jq -r '.errors[0].message' out.json | grep -q "優先度Aの上限（24時間）が優先度Sの上限（100時間）より短く" ||
	fail "tier bound message: $(cat out.json)"
expect_eq "$(api jar GET /api/v1/countermeasure_steps/cm-mail-1)" 200 "GET a step"
step=$(jq -c '.fy_from = 2027 | .fy_to = 2026' out.json)
expect_eq "$(api jar PUT /api/v1/countermeasure_steps/cm-mail-1 "$step")" 422 "step years reversed"
expect_eq "$(jq -r '.errors[0].path' out.json)" '$.fy_to' "step years path"
expect_eq "$(api jar GET /api/v1/businesses/biz-2)" 200 "GET after refusals"
expect_eq "$(jq -r .rto_hours out.json)" 2 "nothing saved by refused calls"

# Without the CSRF header: 403, nothing changed.
expect_eq "$(curl -s -o out.json -w '%{http_code}' -b jar -X PUT -H 'Content-Type: application/json' \
	--data-binary "$body" "$U/api/v1/businesses/biz-2")" 403 "PUT without X-CSRF-Token"

# Create, delete; a referenced element cannot be deleted.
expect_eq "$(api jar POST /api/v1/departments '{"id":"dept-z","name":"部局Z","kind":"related"}')" 201 "POST"
expect_eq "$(api jar DELETE /api/v1/systems/mail)" 409 "referenced delete"
jq -r '.errors[0].message' out.json | grep -q "業務と情報システムの関連" || fail "409 names no referrer: $(cat out.json)"
expect_eq "$(api jar DELETE /api/v1/departments/dept-z)" 200 "DELETE"
expect_eq "$(api jar GET /api/v1/departments/dept-z)" 404 "gone"

# A viewer reads without personal data and cannot write.
expect_eq "$(login vjar vera viewer-pass-1)" 303 "viewer signs in"
expect_eq "$(curl -s -o out.json -w '%{http_code}' -b vjar "$U/api/v1/people")" 200 "viewer reads people"
expect_eq "$(jq '[.[] | has("mobile") or has("email") or has("home_phone")] | any' out.json)" false \
	"no personal fields for a viewer"
expect_eq "$(curl -s -o out.json -w '%{http_code}' -b vjar -X PUT -H 'Content-Type: application/json' \
	--data-binary "$body" "$U/api/v1/businesses/biz-2")" 403 "viewer PUT"

# The export holds what the API changed.
$ITBCP --db d.db export | jq -e '.businesses[] | select(.id == "biz-2") | .rto_hours == 2' >/dev/null ||
	fail "export does not hold the change"

serve_stop
