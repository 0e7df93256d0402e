# lint_layers.sh — the layer rule refuses what crosses it: scripts/lint.sh
# on a copy of the tree with an upward include names the file, the line
# and the include; the compiler refuses store/db.h outside src/store/ and
# a banned function anywhere in src/.
. "$TESTS_DIR/lib.sh"
ROOT=$(cd "$TESTS_DIR/.." && pwd)

# The tree as it is passes.
LINT_ROOT="$ROOT" sh "$ROOT/scripts/lint.sh" >clean.out 2>&1 || { cat clean.out; fail "lint fails on the tree as committed"; }

# A copy with two upward includes: store -> app, rules -> web.
mkdir copy
cp -r "$ROOT/src" "$ROOT/tools" copy/
printf '#include "app/app.h"\n' >>copy/src/store/users.h
printf '#include "web/core/html.h"\n' >>copy/src/rules/dates.c
set +e
LINT_ROOT="$T/copy" sh "$ROOT/scripts/lint.sh" >up.out 2>&1; st=$?
set -e
expect_eq "$st" 1 "lint exit status on an upward include"
n=$(wc -l <copy/src/store/users.h)
expect_contains up.out "src/store/users.h:$n: lint: store may not include app/app.h" "store -> app refused with its line"
expect_contains up.out "web/core/html.h" "rules -> web refused"

# A new folder nobody placed in the table is refused too.
mkdir copy/src/newlayer
printf '/* x */\n' >copy/src/newlayer/x.c
set +e
LINT_ROOT="$T/copy" sh "$ROOT/scripts/lint.sh" >new.out 2>&1
set -e
expect_contains new.out "src/newlayer/x.c:1: lint: folder not in the layer table" "unplaced folder refused"

# The compiler: store/db.h outside store/ stops the build with its reason;
# inside store/ the same file compiles (so it is the rule, not a path).
printf '#include "store/db.h"\nint x;\n' >use_db.c
CC=${CC:-cc}
set +e
$CC -std=c17 -fsyntax-only -I"$ROOT/src" -DITBCP_IN_web use_db.c >db.out 2>&1; st=$?
set -e
[ "$st" -ne 0 ] || fail "store/db.h compiled in web/"
expect_contains db.out "store/db.h belongs to src/store/" "db.h refusal says why"
$CC -std=c17 -fsyntax-only -I"$ROOT/src" -DITBCP_IN_store use_db.c || fail "store/db.h refused inside store/"

# banned.h, force-included as the Makefile does: strcpy does not compile.
printf '#include <string.h>\nvoid f(char *d, const char *s);\nvoid f(char *d, const char *s) { strcpy(d, s); }\n' >ban.c
set +e
$CC -std=c17 -fsyntax-only -I"$ROOT/src" -include util/banned.h ban.c >ban.out 2>&1; st=$?
set -e
[ "$st" -ne 0 ] || fail "strcpy compiled with banned.h"
expect_contains ban.out "sorry_strcpy_is_banned" "banned function named"
echo ok
