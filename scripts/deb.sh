#!/bin/sh
# Builds the Debian package (itbcp_VERSION_ARCH.deb) with Debian's own
# tools, dpkg-buildpackage and debhelper (debian/), from a copy of the
# tracked files in a temporary directory, so the tree is left as it was.
#
#   scripts/deb.sh [OUTDIR]        (make deb: OUTDIR is $(BUILD)/deb)
#
# Writes the .deb, its .buildinfo and .changes (unsigned) into OUTDIR
# (default build/deb).  DEB_BUILD_OPTIONS passes through (the test uses
# noopt to save compile time; the package itself is built -O2).  Needs
# the build dependencies of debian/control: scripts/deps.sh installs them.
set -eu
cd "$(dirname "$0")/.."
out=${1:-build/deb}
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
mkdir "$work/itbcp"
# The tracked files as they are in the tree (edits included, not yet
# committed ones too); without git, the tree less its build output.
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	git ls-files -z | tar --null -T - --ignore-failed-read -cf - 2>/dev/null | tar -xf - -C "$work/itbcp"
else
	tar --exclude='./build*' --exclude=./node_modules -cf - . | tar -xf - -C "$work/itbcp"
fi
case " ${DEB_BUILD_OPTIONS:-} " in
*" parallel="*) ;;
*) DEB_BUILD_OPTIONS="${DEB_BUILD_OPTIONS:+$DEB_BUILD_OPTIONS }parallel=$(nproc 2>/dev/null || echo 2)" ;;
esac
export DEB_BUILD_OPTIONS
(cd "$work/itbcp" && dpkg-buildpackage -b -us -uc)
for f in "$work"/*.deb "$work"/*.ddeb "$work"/*.buildinfo "$work"/*.changes; do
	[ -e "$f" ] && mv "$f" "$out/"
done
ls "$out"/*.deb
