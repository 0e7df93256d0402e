# user_password_policy.sh — the password policy (issue 15, item 8) as a
# person meets it: `user add` and `user reset-password` refuse 12345678,
# eight spaces, a common password and one made of the user's name, exit 2
# and say why (Japanese by default, English with --lang en), creating
# nothing; the web's add-user form and the own-password form answer 422
# with the reason beside the field.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/web_lib.sh"

demo_db d.db
echo 'admin-pass-1' | $ITBCP --db d.db user add admin --role admin --totp-secret-file "$TOTP_SECRET_FILE" --password-stdin >/dev/null

# refused PASSWORD TEXT [ARGS]: user add refuses PASSWORD, exit 2, saying TEXT.
refused() {
	set +e
	printf '%s\n' "$1" | $ITBCP --db d.db ${3:-} user add sato.ichiro --role viewer \
		--display-name '佐藤 一郎' --password-stdin >out.txt 2>err.txt
	st=$?
	set -e
	expect_eq "$st" 2 "exit status for '$1'"
	expect_contains err.txt "$2" "reason for '$1'"
}
refused 12345678 "連続した文字"
refused '        ' "空白だけのパスワードは使えません"
refused 'password1' "よく使われるパスワードの一覧にある"
refused 'Password2026!' "よく使われるパスワードの一覧にある"
refused 'sato.ichiro' "ユーザー名や氏名からなる"
refused 'Ichiro-Sato-1990' "ユーザー名や氏名からなる"
refused 12345678 "consecutive characters" "--lang en"
refused '        ' "a password of spaces only is refused" "--lang en"
$ITBCP --db d.db user list | grep -q sato && fail "a refused user was created"
printf '%s\n' 'blue-kettle-morning' | $ITBCP --db d.db user add sato.ichiro --role viewer \
	--display-name '佐藤 一郎' --password-stdin >/dev/null || fail "a good password refused"
set +e
printf '%s\n' '        ' | $ITBCP --db d.db user reset-password sato.ichiro --password-stdin 2>err.txt
st=$?
set -e
expect_eq "$st" 2 "reset-password refuses eight spaces"
expect_contains err.txt "空白だけ" "and says why"

serve_start
expect_eq "$(login aj admin admin-pass-1)" 303 "admin signs in"
curl -s -b aj "$U/admin/users" >users.html
curl -s -o bad.html -w '%{http_code}' -b aj --data-urlencode "csrf=$(csrf_of users.html)" \
	--data-urlencode name=pat --data-urlencode role=planner --data-urlencode password=12345678 \
	"$U/admin/users" >code.txt
expect_eq "$(cat code.txt)" 422 "the form refuses 12345678"
expect_contains bad.html 'id="f-password-err">同じ文字の繰り返しや連続した文字' "the reason beside the field"
curl -s -o bad.html -w '%{http_code}' -b aj -H 'Accept-Language: en' \
	--data-urlencode "csrf=$(csrf_of users.html)" --data-urlencode name=pat \
	--data-urlencode role=planner --data-urlencode 'password=        ' "$U/admin/users" >code.txt
expect_eq "$(cat code.txt)" 422 "the form refuses eight spaces"
expect_contains bad.html "a password of spaces only is refused" "in English too"
$ITBCP --db d.db user list | grep -q "^pat" && fail "pat was created"

# One's own new password: not made of one's names.
expect_eq "$(login sj sato.ichiro blue-kettle-morning)" 303 "sato signs in"
curl -s -b sj "$U/account/password" >pw.html
curl -s -o bad.html -w '%{http_code}' -b sj --data-urlencode "csrf=$(csrf_of pw.html)" \
	--data-urlencode current=blue-kettle-morning --data-urlencode new=SatoIchiro55 \
	--data-urlencode confirm=SatoIchiro55 "$U/account/password" >code.txt
expect_eq "$(cat code.txt)" 422 "a password made of one's name refused"
expect_contains bad.html "ユーザー名や氏名からなるパスワードは使えません" "and why"
serve_stop
