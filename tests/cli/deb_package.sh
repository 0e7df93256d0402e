# deb_package.sh — the Debian package (issue 17, item 6): built from a copy
# of the tree with Debian's own tools (scripts/deb.sh: dpkg-buildpackage,
# debhelper), clean by lintian (errors and warnings), its unit accepted by
# systemd-analyze verify and as sandboxed as `systemd-analyze security`
# can tell without a running systemd, and installed by dpkg into a scratch
# root, its maintainer scripts included: the files and their modes, the
# user itbcp, /var/lib/itbcp 0700, the unit enabled.  Then the installed
# binary is started the way the unit starts it (its ExecStartPre, then
# `itbcp serve` with the shipped /etc/itbcp/itbcp.conf as its
# environment), so a setting the file ships that serve would refuse fails
# here.  Nothing is written outside $T (the source tree is copied, the
# host's systemd is never called).
#
# The package is built with DEB_BUILD_OPTIONS=noopt and -g0 (44 s of CPU
# instead of 73 at -O2 -g, lintian 6 s); `make deb` builds it -O2, with
# the same result from lintian.  $ITBCP is not used: the test runs the
# binary it built.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/web_lib.sh"
REPO=$(cd "$TESTS_DIR/.." && pwd)
for tool in dpkg-buildpackage dh lintian systemd-analyze systemd-sysusers systemd-tmpfiles help2man; do
	command -v $tool >/dev/null || fail "$tool is missing (scripts/deps.sh installs it)"
done
# Everything temporary (the copy of the tree, the build) under $T.
export TMPDIR="$T"

# debian/control builds against the -dev packages scripts/deps.sh installs
# (those of the Makefile's PKGS; cmocka and clang's runtime are the tests',
# dpkg-dev the packager's).
for p in $(tr ' "' '\n\n' <"$REPO/scripts/deps.sh" | grep -- '-dev$' | grep -v -e libcmocka-dev -e libclang-rt -e '^dpkg-dev$'); do
	grep -q "^ *$p,\?$" "$REPO/debian/control" || fail "debian/control: Build-Depends lacks $p (scripts/deps.sh has it)"
done

tree_state() { (cd "$REPO" && git status --porcelain 2>/dev/null || true); }
before=$(tree_state)
DEB_BUILD_OPTIONS='noopt noddebs' DEB_CFLAGS_APPEND=-g0 "$REPO/scripts/deb.sh" "$T/out" >build.log 2>&1 ||
	{ tail -n 40 build.log; fail "scripts/deb.sh"; }
expect_eq "$(tree_state)" "$before" "the source tree after the build"
DEB=$(ls "$T"/out/itbcp_*.deb)

# lintian: no error, no warning (the overrides in debian/ say why each is).
lintian --fail-on error,warning --no-tag-display-limit "$T"/out/itbcp_*.changes >lintian.out 2>&1 ||
	{ cat lintian.out; fail "lintian"; }

# The files, their owners and modes as dpkg will make them.
dpkg-deb -c "$DEB" | awk '{ print $1, $2, $6 }' >files
for want in '-rwxr-xr-x root/root ./usr/bin/itbcp' \
	'-rw-r----- root/root ./etc/itbcp/itbcp.conf' \
	'-rw-r--r-- root/root ./lib/systemd/system/itbcp.service' \
	'-rw-r--r-- root/root ./usr/lib/sysusers.d/itbcp.conf' \
	'-rw-r--r-- root/root ./usr/lib/tmpfiles.d/itbcp.conf' \
	'-rw-r--r-- root/root ./usr/share/man/man1/itbcp.1.gz' \
	'-rw-r--r-- root/root ./usr/share/man/ja/man1/itbcp.1.gz'; do
	grep -qxF -- "$want" files || { cat files; fail "not in the package: $want"; }
done
# Nothing the world may write, nothing set-id; only the settings kept from all.
if awk 'substr($1, 9, 1) == "w" || substr($1, 4, 1) ~ /[sS]/ || substr($1, 7, 1) ~ /[sS]/' files | grep .; then
	fail "world-writable or set-id files"
fi
expect_eq "$(awk 'substr($1, 8, 1) != "r" { print $3 }' files)" "./etc/itbcp/itbcp.conf" "files not world-readable"
dpkg-deb -f "$DEB" Depends | grep -q fonts-noto-cjk || fail "Depends lacks fonts-noto-cjk (the PDFs are typeset with it)"
expect_eq "$(dpkg-deb --ctrl-tarfile "$DEB" | tar -xOf - ./conffiles)" "/etc/itbcp/itbcp.conf" "conffiles"
# The Japanese manual page's NAME line survived help2man (debian/itbcp.ja.h2m).
dpkg-deb --fsys-tarfile "$DEB" | tar -xOf - ./usr/share/man/ja/man1/itbcp.1.gz | gzip -dc |
	grep -q '^itbcp \\- 情報システム運用継続計画' || fail "the Japanese manual page's NAME"

# Installed into a scratch root by dpkg, maintainer scripts and all: they
# run outside a chroot with DPKG_ROOT set (the root has no shell), and a
# `systemctl` that does nothing stands in for the host's.
R=$T/root
mkdir -p "$R/var/lib/dpkg/info" "$R/var/lib/dpkg/updates" "$R/etc" stub
: >"$R/var/lib/dpkg/status"
printf '#!/bin/sh\nexit 0\n' >stub/systemctl
chmod +x stub/systemctl
PATH="$T/stub:$PATH" dpkg --root="$R" --force-not-root --force-script-chrootless --force-depends \
	--log=/dev/null -i "$DEB" >dpkg.out 2>&1 || { cat dpkg.out; fail "dpkg -i into the scratch root"; }
dpkg --root="$R" -s itbcp | grep -qx 'Status: install ok installed' || fail "not installed"
# systemd-sysusers made the user: no login, home the state directory.
grep -q '^itbcp:x:[0-9]*:[0-9]*:[^:]*:/var/lib/itbcp:/usr/sbin/nologin$' "$R/etc/passwd" ||
	{ cat "$R/etc/passwd"; fail "the user itbcp in /etc/passwd"; }
uid=$(awk -F: '$1 == "itbcp" { print $3 }' "$R/etc/passwd")
[ "$uid" -lt 1000 ] || fail "itbcp is not a system user (uid $uid)"
# systemd-tmpfiles made the state directories, owner-only, the user's.
gid=$(awk -F: '$1 == "itbcp" { print $3 }' "$R/etc/group")
expect_eq "$(stat -c '%a %u:%g' "$R/var/lib/itbcp")" "700 $uid:$gid" "/var/lib/itbcp"
expect_eq "$(stat -c '%a %u:%g' "$R/var/lib/itbcp/backups")" "700 $uid:$gid" "/var/lib/itbcp/backups"
expect_eq "$(stat -c '%a %U:%G' "$R/etc/itbcp/itbcp.conf")" "640 root:root" "/etc/itbcp/itbcp.conf"
expect_eq "$(stat -c '%a %U' "$R/usr/bin/itbcp")" "755 root" "/usr/bin/itbcp"
# deb-systemd-helper enabled the unit in the scratch root.
[ -L "$R/etc/systemd/system/multi-user.target.wants/itbcp.service" ] || fail "itbcp.service not enabled"

# The unit: systemd-analyze verify against the scratch root, which gets
# the host's targets (the unit's default dependencies) and a /bin/sh (its
# ExecStartPre); --man=no: the manual page is in the root, not on this
# host's MANPATH.  verify warns (an unknown directive, a bad value) and
# still exits 0: any output fails.
UNIT=$R/lib/systemd/system/itbcp.service
mkdir -p "$R/bin"
cp /bin/sh "$R/bin/sh"
cp -a /lib/systemd/system/*.target "$R/lib/systemd/system/"
systemd-analyze verify --man=no --root="$R" itbcp.service >verify.out 2>&1 || { cat verify.out; fail "systemd-analyze verify"; }
[ ! -s verify.out ] || { cat verify.out; fail "systemd-analyze verify has something to say"; }
for d in 'User=itbcp' 'StateDirectory=itbcp itbcp/backups' 'StateDirectoryMode=0700' \
	'EnvironmentFile=/etc/itbcp/itbcp.conf' 'ProtectSystem=strict' 'NoNewPrivileges=yes' \
	'PrivateTmp=yes' 'CapabilityBoundingSet=' 'SystemCallFilter=@system-service' \
	'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX'; do
	grep -qxF "$d" "$UNIT" || fail "itbcp.service lacks $d"
done
# The exposure systemd would give it (0 safest, 10 not sandboxed at all;
# --threshold counts tenths): 1.5 when written, "OK"; above 2 fails.
systemd-analyze security --offline=yes --root="$R" --threshold=20 itbcp.service >security.out 2>&1 ||
	{ tail -n 5 security.out; fail "systemd-analyze security: exposure above 2"; }
grep 'Overall exposure' security.out

# Started as the unit starts it: its ExecStartPre makes the database (an
# existing one is kept), then serve with the shipped settings.  Only the
# paths differ: the database, the backups and the port are $T's.
BIN=$R/usr/bin/itbcp
pre=$(sed -n 's/^ExecStartPre=//p' "$UNIT" | sed -e 's/\$\$/$/g' -e "s|/usr/bin/itbcp|$BIN|")
export ITBCP_DB="$T/d.db"
eval "$pre" >pre.out 2>&1 || { cat pre.out; fail "ExecStartPre"; }
expect_eq "$(stat -c %a d.db)" 600 "the database made by ExecStartPre"
printf 'admin-pass-deb-1\n' | $BIN user add admin --role admin --password-stdin >/dev/null
# The packaged binary hashes at the product's cost (the test builds do not:
# src/store/pwhash_cost.h).
expect_eq "$(sqlite3 d.db "SELECT substr(pwhash, 1, 30) FROM users WHERE name = 'admin'")" \
	'$argon2id$v=19$m=65536,t=2,p=1' "the packaged binary's password hash"
eval "$pre" >pre.out 2>&1 || { cat pre.out; fail "ExecStartPre again"; }
expect_eq "$($BIN user list | grep -c admin)" 1 "the database kept by ExecStartPre"
mkdir bk
chmod 700 bk
set -a
. "$R/etc/itbcp/itbcp.conf"
set +a
export ITBCP_BACKUP_DIR="$T/bk"
ITBCP=$BIN
serve_start
expect_eq "$(curl -s -o /dev/null -w '%{http_code}' "$U/login")" 200 "GET /login"
serve_stop
# A flag's variable is 1 or 0 (or empty), nothing else.
if ITBCP_HTTPS=yes timeout 10 $BIN serve >flag.out 2>flag.err; then fail "ITBCP_HTTPS=yes accepted"; fi
expect_contains flag.err "ITBCP_HTTPS=yes" "the variable is named"
ls bk/itbcp-*.itbcp-backup >/dev/null 2>&1 || { cat serve.err; fail "no backup at start (ITBCP_BACKUP_DIR)"; }
# The language the settings chose (ja) is the log's.
expect_contains serve.err "保存しました" "the log in Japanese (ITBCP_LANG=ja)"

# Purged: the settings and the unit's enabling go, the database and the
# backups stay (README: Removing).
PATH="$T/stub:$PATH" dpkg --root="$R" --force-not-root --force-script-chrootless --log=/dev/null \
	--purge itbcp >dpkg.out 2>&1 || { cat dpkg.out; fail "dpkg --purge in the scratch root"; }
[ ! -e "$R/etc/itbcp/itbcp.conf" ] || fail "itbcp.conf left after purge"
[ ! -e "$R/etc/systemd/system/multi-user.target.wants/itbcp.service" ] || fail "itbcp.service still enabled after purge"
[ -d "$R/var/lib/itbcp/backups" ] || fail "/var/lib/itbcp removed by purge"
