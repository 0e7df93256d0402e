# web_api.sh — the JSON API of `itbcp serve` as a black box with curl and jq
# (issue 4, item 8): sign in, read the systems with their derived RTO and
# tier, change a business's RTO and see the system follow, and the error
# answers — 401 without a session, 403 without the X-CSRF-Token header,
# 400 with a path for bad JSON, 422 with the field's path, 409 for a
# referenced delete — each leaving the plan as it was.  Every answer is
# recorded (calls.jsonl) and checked against doc/openapi.yaml, with ~950
# more requests generated from it, by openapi_check.mjs (issue 16, item 17).
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/web_lib.sh"
command -v jq >/dev/null || fail "jq is missing (scripts/deps.sh installs it)"


demo_db d.db
echo 'planner-pass-1' | $ITBCP --db d.db user add pat --role planner --password-stdin >/dev/null
echo 'viewer-pass-1' | $ITBCP --db d.db user add vera --role viewer --password-stdin >/dev/null
echo 'admin-pass-1' | $ITBCP --db d.db user add ada --role admin --totp-secret-file "$TOTP_SECRET_FILE" --password-stdin >/dev/null

serve_start
[ -n "$U" ] || fail "no address in: $(cat serve.out)"

# login JAR NAME PASSWORD: signs in through the form, leaving the session in JAR.
# call JAR METHOD PATH [BODY]: prints the status; the body goes to out.json
# and the exchange to calls.jsonl.  JAR "-" is no session; the X-CSRF-Token
# header is sent when $TOKEN is set.
call() {
	jar=$1
	[ "$jar" = - ] && jar=/dev/null
	if [ -n "${TOKEN:-}" ] && [ $# -ge 4 ]; then
		code=$(curl -s -o out.json -w '%{http_code}' -b "$jar" -X "$2" -H "X-CSRF-Token: $TOKEN" \
			-H 'Content-Type: application/json' --data-binary "$4" "$U$3")
	elif [ $# -ge 4 ]; then
		code=$(curl -s -o out.json -w '%{http_code}' -b "$jar" -X "$2" \
			-H 'Content-Type: application/json' --data-binary "$4" "$U$3")
	elif [ -n "${TOKEN:-}" ]; then
		code=$(curl -s -o out.json -w '%{http_code}' -b "$jar" -X "$2" -H "X-CSRF-Token: $TOKEN" "$U$3")
	else
		code=$(curl -s -o out.json -w '%{http_code}' -b "$jar" -X "$2" "$U$3")
	fi
	jq -nc --arg who "$1" --arg m "$2" --arg p "$3" --argjson s "$code" --rawfile b out.json \
		'{as: $who, method: $m, path: $p, status: $s, body: $b}' >>calls.jsonl
	echo "$code"
}
# api JAR METHOD PATH [BODY]: call with the planner's token.
api() {
	TOKEN=$PTOKEN
	call "$@"
	TOKEN=
}

# Without a session: 401 with a JSON error.
expect_eq "$(call - GET /api/v1/systems)" 401 "anonymous API call"
expect_eq "$(jq -r '.errors[0].path' out.json)" '$' "401 error has a path"

expect_eq "$(login jar pat planner-pass-1)" 303 "planner signs in"
PTOKEN=""
expect_eq "$(api jar GET /api/v1/session)" 200 "session"
PTOKEN=$(jq -r .csrf_token out.json)
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
# An unknown key cut at 40 bytes on a character boundary, so that the
# message stays UTF-8 (it was dropped: {"path":"$"} alone); a \u0000 is
# valid JSON, refused by its field (422, not 400).
expect_eq "$(api jar PUT /api/v1/businesses/biz-2 '{"id":"biz-2","name":"X","rto_hours":2,"ああああああああああああああx":1}')" 422 \
	"long unknown key"
jq -r '.errors[0].message' out.json | grep -q 'ああああああああああああ…' || fail "long key message: $(cat out.json)"
expect_eq "$(api jar PUT /api/v1/businesses/biz-2 '{"id":"biz-2","name":"a\u0000b","rto_hours":2}')" 422 "NUL in a value"
expect_eq "$(jq -r '.errors[0].path' out.json)" '$.name' "NUL path"
expect_eq "$(api jar PUT /api/v1/businesses/biz-2 'null')" 422 "a bare JSON value"
# What a path has not is 405 for everyone, before the role: the session and
# the plan are read-only, the organisation is one object, a list has no PUT.
expect_eq "$(call vjar POST /api/v1/session '{}')" 405 "POST session as viewer"
expect_eq "$(call - PUT /api/v1/plan '{}')" 405 "PUT plan anonymously"
expect_eq "$(api jar POST /api/v1/organisation '{}')" 405 "POST organisation"
expect_eq "$(api jar PUT /api/v1/systems '{}')" 405 "PUT a list"
expect_eq "$(api jar GET /api/v1/businesses/biz-2)" 200 "GET after refusals"
expect_eq "$(jq -r .rto_hours out.json)" 2 "nothing saved by refused calls"

# Without the CSRF header: 403, nothing changed.
expect_eq "$(call jar PUT /api/v1/businesses/biz-2 "$body")" 403 "PUT without X-CSRF-Token"

# Create, delete; a referenced element cannot be deleted.
expect_eq "$(api jar POST /api/v1/departments '{"id":"dept-z","name":"部局Z","kind":"related"}')" 201 "POST"
expect_eq "$(api jar DELETE /api/v1/systems/mail)" 409 "referenced delete"
jq -r '.errors[0].message' out.json | grep -q "業務と情報システムの関連" || fail "409 names no referrer: $(cat out.json)"
expect_eq "$(api jar DELETE /api/v1/departments/dept-z)" 200 "DELETE"
expect_eq "$(api jar GET /api/v1/departments/dept-z)" 404 "gone"

# A viewer reads without personal data and cannot write.
expect_eq "$(login vjar vera viewer-pass-1)" 303 "viewer signs in"
expect_eq "$(call vjar GET /api/v1/people)" 200 "viewer reads people"
expect_eq "$(jq '[.[] | has("mobile") or has("email") or has("home_phone")] | any' out.json)" false \
	"no personal fields for a viewer"
expect_eq "$(call vjar PUT /api/v1/businesses/biz-2 "$body")" 403 "viewer PUT"

# The export holds what the API changed.
$ITBCP --db d.db export | jq -e '.businesses[] | select(.id == "biz-2") | .rto_hours == 2' >/dev/null ||
	fail "export does not hold the change"

# The answers above, and ~950 generated from the description as admin,
# viewer and anonymous, against doc/openapi.yaml.
expect_eq "$(login ajar ada admin-pass-1)" 303 "admin signs in"
node "$TESTS_DIR/cli/openapi_check.mjs" "$TESTS_DIR/../doc/openapi.yaml" calls.jsonl "$U" ajar vjar \
	>check.out 2>&1 || fail "the API and doc/openapi.yaml disagree:
$(cat check.out)"
cat check.out

serve_stop
