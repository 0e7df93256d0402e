# user_admin.sh — revoking and changing accounts (issue 15, item 3), from
# the CLI and from the web's /admin/users with curl: disable (the user's
# session ends at once and the sign-in is refused), enable, role, a
# temporary password that must be changed before anything else, ending
# another user's sessions, the last admin kept, tying an account to a
# person of the plan (shown on the users page, named in the records), and
# every action in the audit log.  Admin only: a planner is refused.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/web_lib.sh"
command -v sqlite3 >/dev/null || fail "sqlite3 is missing (scripts/deps.sh installs it)"

demo_db d.db
echo 'admin-pass-1' | $ITBCP --db d.db user add admin --role admin --totp-secret-file "$TOTP_SECRET_FILE" --password-stdin >/dev/null
echo 'planner-pass-1' | $ITBCP --db d.db user add tanaka --role planner --password-stdin \
	--display-name '田中 美咲' >/dev/null || fail "add tanaka"
audit() { sqlite3 d.db "SELECT actor || '|' || action || '|' || target || '|' || detail FROM audit_log ORDER BY id"; }
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }

# ---- the CLI --------------------------------------------------------------

# The last enabled admin is kept: neither disabled nor demoted.
$ITBCP --db d.db user disable admin 2>err.txt && fail "the last admin was disabled"
expect_contains err.txt "有効な管理者が他にいない" "why the last admin stays"
$ITBCP --db d.db --lang en user role admin viewer 2>err.txt && fail "the last admin was demoted"
expect_contains err.txt "the last enabled admin" "why, in English"
$ITBCP --db d.db user disable nobody 2>err.txt && fail "disabled a user that does not exist"
expect_contains err.txt "nobody" "the unknown user is named"

# Role, person, disable, enable, each in the audit log.
$ITBCP --db d.db user role tanaka responder >/dev/null || fail "user role"
$ITBCP --db d.db user list | grep -q "^tanaka	responder" || fail "role not changed"
$ITBCP --db d.db user person tanaka p-nobody 2>err.txt && fail "tied to a person not in the plan"
expect_contains err.txt "計画にこの人物はいません" "unknown person refused"
$ITBCP --db d.db user person tanaka p-tanaka >/dev/null || fail "user person"
$ITBCP --db d.db user list | grep -q "person=p-tanaka" || fail "person not shown by user list"
$ITBCP --db d.db user disable tanaka >/dev/null || fail "user disable"
$ITBCP --db d.db user list | grep -q "^tanaka	.*disabled" || fail "not disabled"
$ITBCP --db d.db user enable tanaka >/dev/null || fail "user enable"
$ITBCP --db d.db user role tanaka planner >/dev/null
# The second factor from the CLI (the secret from a file, never argv): a
# file that is not base32, or too short a secret, or two lines, is refused
# naming the file, and nothing changes; reset-totp removes it (a lost
# phone), once; the secret itself is never printed.
printf 'not base32!\n' >bad.secret
printf 'MZXW6YTB\n' >short.secret
printf 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\nMORE\n' >two.secret
$ITBCP --db d.db user totp tanaka --secret-file bad.secret 2>err.txt && fail "a secret that is not base32 taken"
expect_contains err.txt "itbcp user totp: bad.secret: base32" "the file and why"
$ITBCP --db d.db user totp tanaka --secret-file short.secret 2>err.txt && fail "an 8-byte secret taken"
expect_contains err.txt "16〜64バイト" "too short"
$ITBCP --db d.db user totp tanaka --secret-file two.secret 2>err.txt && fail "two lines taken"
expect_contains err.txt "1行" "one line"
$ITBCP --db d.db user totp tanaka --secret-file nofile 2>err.txt && fail "a missing file taken"
expect_contains err.txt "nofile" "the missing file is named"
expect_eq "$(sqlite3 d.db "SELECT count(*) FROM totp t JOIN users u ON u.id = t.user_id WHERE u.name = 'tanaka'")" 0 "nothing changed"
$ITBCP --db d.db user totp tanaka --secret-file "$TOTP_SECRET_FILE" >out.txt || fail "user totp"
grep -q GEZDGNBV out.txt && fail "the secret was printed"
$ITBCP --db d.db user list | grep -q "^tanaka	.*	totp" || fail "user list does not show the second factor"
$ITBCP --db d.db user reset-totp tanaka >/dev/null || fail "user reset-totp"
$ITBCP --db d.db user reset-totp tanaka 2>err.txt && fail "reset twice"
expect_contains err.txt "二要素認証は設定されていません" "nothing to reset"

audit >audit.txt
expect_contains audit.txt "|user.totp.provision|tanaka|" "provisioning audited"
expect_contains audit.txt "|user.totp.reset|tanaka|" "reset audited"
expect_contains audit.txt "|user.role|tanaka|role=responder was=planner" "role change audited"
expect_contains audit.txt "|user.person|tanaka|person=p-tanaka" "person audited"
expect_contains audit.txt "|user.disable|tanaka|" "disable audited"
expect_contains audit.txt "|user.enable|tanaka|" "enable audited"

# ---- the web --------------------------------------------------------------

serve_start
expect_eq "$(login aj admin admin-pass-1)" 303 "admin signs in"
expect_eq "$(login tj tanaka planner-pass-1)" 303 "tanaka signs in"
expect_eq "$(code -b tj "$U/plan")" 200 "tanaka works"

# The users page: the person's name beside the account, a link to it.
curl -s -b aj "$U/admin/users" >users.html
expect_contains users.html "田中 美咲（p-tanaka）" "the account's person shown"
expect_contains users.html 'href="/admin/users/tanaka"' "link to the account"
# Admin only: tanaka (a planner) may not open it or act.
expect_eq "$(code -b tj "$U/admin/users/admin")" 403 "a planner cannot open an account"
curl -s -b tj "$U/plan" >tplan.html
expect_eq "$(code -b tj --data-urlencode "csrf=$(csrf_of tplan.html)" "$U/admin/users/admin/disable")" \
	403 "a planner cannot disable"

curl -s -b aj "$U/admin/users/tanaka" >tanaka.html
expect_contains tanaka.html "ログイン中のセッション</dt><dd>1</dd>" "live sessions shown"

# Disable on the web: tanaka's session ends at once, the sign-in is refused.
acsrf=$(csrf_of tanaka.html)
curl -s -D h.txt -o /dev/null -b aj --data-urlencode "csrf=$acsrf" "$U/admin/users/tanaka/disable"
expect_contains h.txt "303" "disable redirects"
expect_contains h.txt "Location: /admin/users/tanaka?done=disable" "back to the account"
expect_eq "$(code -b tj "$U/plan")" 303 "tanaka's session ended at once"
expect_eq "$(login tj2 tanaka planner-pass-1)" 422 "a disabled user cannot sign in"
curl -s -b aj "$U/admin/users/tanaka" >tanaka.html
expect_contains tanaka.html "停止中" "shown disabled"
curl -s -o /dev/null -b aj --data-urlencode "csrf=$acsrf" "$U/admin/users/tanaka/enable"
expect_eq "$(login tj tanaka planner-pass-1)" 303 "enabled again, tanaka signs in"

# Role on the web: viewer, and tanaka's next request has the new role.
curl -s -o /dev/null -b aj --data-urlencode "csrf=$acsrf" --data-urlencode role=viewer \
	"$U/admin/users/tanaka/role"
expect_eq "$(code -b tj "$U/people/import")" 403 "a viewer now: planner pages refused"
curl -s -o /dev/null -b aj --data-urlencode "csrf=$acsrf" --data-urlencode role=planner \
	"$U/admin/users/tanaka/role"
$ITBCP --db d.db user list | grep -q "^tanaka	planner" || fail "role back to planner"
# An unknown role is refused beside the form, nothing changed.
expect_eq "$(code -b aj --data-urlencode "csrf=$acsrf" --data-urlencode role=root \
	"$U/admin/users/tanaka/role")" 422 "unknown role refused"
# The admin may not disable or demote themselves.
expect_eq "$(code -b aj --data-urlencode "csrf=$acsrf" "$U/admin/users/admin/disable")" 422 \
	"an admin cannot disable themselves"

# End another user's sessions.
expect_eq "$(code -b tj "$U/plan")" 200 "tanaka signed in"
curl -s -o /dev/null -b aj --data-urlencode "csrf=$acsrf" "$U/admin/users/tanaka/logout"
expect_eq "$(code -b tj "$U/plan")" 303 "tanaka's sessions ended"

# A temporary password: the policy applies, then the session can only
# change it; once changed, everything works again.
expect_eq "$(code -b aj --data-urlencode "csrf=$acsrf" --data-urlencode password=12345678 \
	"$U/admin/users/tanaka/password")" 422 "a common temporary password refused"
curl -s -o /dev/null -b aj --data-urlencode "csrf=$acsrf" --data-urlencode password=temp-word-7781 \
	"$U/admin/users/tanaka/password"
expect_eq "$(login tj tanaka planner-pass-1)" 422 "the old password no longer works"
expect_eq "$(login tj tanaka temp-word-7781)" 303 "the temporary one does"
curl -s -D h.txt -o /dev/null -b tj "$U/plan"
expect_contains h.txt "Location: /account/password" "sent to change it first"
curl -s -b tj "$U/account/password" >pw.html
expect_contains pw.html "仮のパスワード" "the page says why"
expect_eq "$(code -b tj --data-urlencode "csrf=$(csrf_of pw.html)" "$U/logout")" 303 \
	"signing out is allowed"
expect_eq "$(login tj tanaka temp-word-7781)" 303 "signs in again with it"
curl -s -b tj "$U/account/password" >pw.html
expect_eq "$(code -b tj --data-urlencode "csrf=$(csrf_of pw.html)" --data-urlencode name=x \
	"$U/admin/users")" 403 "no other POST until changed"
expect_eq "$(code -b tj --data-urlencode "csrf=$(csrf_of pw.html)" \
	--data-urlencode current=temp-word-7781 --data-urlencode new=misaki-own-words-42 \
	--data-urlencode confirm=misaki-own-words-42 "$U/account/password")" 200 "changed"
expect_eq "$(code -b tj "$U/plan")" 200 "works again after the change"

# Tie and untie on the web; the records name the person.
curl -s -b aj "$U/admin/users/tanaka" >tanaka.html
expect_contains tanaka.html 'value="p-tanaka"' "the person in the form"
expect_eq "$(code -b aj --data-urlencode "csrf=$acsrf" --data-urlencode person=p-nobody \
	"$U/admin/users/tanaka/person")" 422 "unknown person refused on the web"
audit >audit.txt
expect_contains audit.txt "田中 美咲 (tanaka)|user.password|" "the record names the person"
expect_contains audit.txt "admin|user.disable|tanaka|" "web disable audited"
expect_contains audit.txt "admin|user.enable|tanaka|" "web enable audited"
expect_contains audit.txt "admin|user.role|tanaka|role=viewer was=planner" "web role audited"
expect_contains audit.txt "admin|user.sessions.end|tanaka|sessions=1" "sessions end audited"
expect_contains audit.txt "admin|user.password.reset|tanaka|" "reset audited"
curl -s -o /dev/null -b aj --data-urlencode "csrf=$acsrf" --data-urlencode person= \
	"$U/admin/users/tanaka/person"
$ITBCP --db d.db user list | grep -q "person=" && fail "not untied"
audit | tail -n 1 | grep -q "admin|user.person|tanaka|person=$" || fail "untie not audited"

serve_stop
