# web_login_limit.sh — a flood of wrong passwords neither holds up the
# staff's pages nor guesses freely (issue 15, item 2).  Sixteen clients
# send 200 wrong passwords for one account at once; meanwhile a signed-in
# viewer's dashboard is answered fast (before the fix every
# attempt hashed on a page thread and the page waited seconds behind
# them); at most a few attempts were hashed (the rest 503 while the one
# hashing turn was taken, or 429 for the growing delay); one at a time,
# wrong passwords soon meet the account's delay; each hashed failure
# is logged with the address and the account, a newline in an account
# name is escaped in the log, the right password is refused while the
# delay runs (429 with Retry-After) and works once it has passed.
# (the product's argon2id cost, not the test builds' cheap one: the hashing
# turn and the pages' speed beside it are what this test is about —
# src/store/pwhash_cost.h)
export ITBCP_TEST_PWHASH=interactive
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/web_lib.sh"

demo_db d.db
echo 'viewer-pass-1' | $ITBCP --db d.db user add vera --role viewer --password-stdin >/dev/null
echo 'planner-pass-1' | $ITBCP --db d.db user add pat --role planner --password-stdin >/dev/null
serve_start
expect_eq "$(login pj pat planner-pass-1)" 303 "planner signs in before the flood"

curl -s -c pre -b pre "$U/login" >form.html
tok=$(csrf_of form.html)
[ -n "$tok" ] || fail "no form on /login"
# try NAME PASSWORD: one sign-in attempt; prints its status.
try() {
	curl -s -o /dev/null -w '%{http_code}\n' -b pre --data-urlencode "csrf=$tok" \
		--data-urlencode "name=$1" --data-urlencode "password=$2" "$U/login"
}

# The dashboard alone first, for the comparison (the slowest of three).
alone=0
for i in 1 2 3; do
	t=$(curl -s -o /dev/null -w '%{time_total}' -b pj "$U/")
	alone=$(awk -v a="$alone" -v b="$t" 'BEGIN { print (b > a ? b : a) }')
done

mkdir bodies
curl -s -m 30 -Z --parallel-max 16 -b pre --data-urlencode "csrf=$tok" --data-urlencode name=vera \
	--data-urlencode password=wrong-1 -o 'bodies/#1' -w '%{http_code}\n' "$U/login?try=[1-200]" 2>/dev/null \
	>codes.txt &
flood=$!
sleep 0.3
page=$(curl -s -o dash.html -w '%{http_code} %{time_total}' -b pj "$U/")
wait "$flood"
echo "dashboard during the flood: $page (alone: $alone s)"
expect_eq "${page% *}" 200 "the dashboard during the flood"
# Fast: within two seconds more than alone, for a loaded test machine
# (measured 0.01-0.6 s; before the fix it waited behind every queued
# hash: 4.3 s, alone 0.1 s).
awk -v t="${page#* }" -v a="$alone" 'BEGIN { exit !(t < a + 2.0) }' ||
	fail "the dashboard took ${page#* } s during the flood, $alone s alone"
sort codes.txt | uniq -c
expect_eq "$(wc -l <codes.txt)" 200 "every attempt answered"
hashed=$(grep -c '^422$' codes.txt || true)
other=$(grep -vc '^422$\|^429$\|^503$' codes.txt || true)
expect_eq "$other" 0 "attempts answered 422, 429 or 503 only"
# One hashing turn, then the account's delay: a handful hashed, not 200.
[ "$hashed" -ge 1 ] && [ "$hashed" -le 12 ] || fail "$hashed wrong passwords hashed, expected 1 to 12"
logged=$(grep -c '^itbcp: sign-in failed: address 127.0.0.1 account "vera"' serve.err || true)
expect_eq "$logged" "$hashed" "each hashed failure logged with address and account"

# An account name with a newline: escaped, no forged log line.
expect_eq "$(try "$(printf 'x\nitbcp: forged')" wrong)" 422 "a name with a newline"
grep -q '^itbcp: forged' serve.err && fail "a newline in an account name forged a log line"
expect_contains serve.err 'account "x\x0Aitbcp:\x20forged"' "the name escaped in the log"

# One at a time, wrong passwords meet the account's delay (429), which
# doubles with each failure hashed after it: waited out until it is 4 s,
# long enough to be seen by the next request, however slow the build.
n=0
while :; do
	c=$(curl -s -D h.txt -o /dev/null -w '%{http_code}' -b pre --data-urlencode "csrf=$tok" \
		--data-urlencode name=vera --data-urlencode password=wrong-again "$U/login")
	n=$((n + 1))
	[ $n -le 20 ] || fail "no delay of 4 s after $n more wrong passwords"
	[ "$c" = 429 ] || continue
	ra=$(sed -n 's/^Retry-After: \([0-9]*\)\r$/\1/p' h.txt)
	[ "$ra" -ge 4 ] && break
	sleep "$ra"
done

# The right password waits for the delay, then works.
curl -s -D h.txt -o refused.html -b pre --data-urlencode "csrf=$tok" --data-urlencode name=vera \
	--data-urlencode password=viewer-pass-1 "$U/login"
expect_contains h.txt "429" "the right password during the delay"
wait_s=$(sed -n 's/^Retry-After: \([0-9]*\)\r$/\1/p' h.txt)
[ -n "$wait_s" ] && [ "$wait_s" -ge 1 ] && [ "$wait_s" -le 60 ] || fail "Retry-After '$wait_s'"
expect_contains refused.html "秒後までお待ちください" "the form says how long to wait"
sleep "$wait_s"
expect_eq "$(login vj vera viewer-pass-1)" 303 "the right password after the delay"
serve_stop
echo "ok: $hashed of 200 wrong passwords hashed; the dashboard in ${page#* } s"
