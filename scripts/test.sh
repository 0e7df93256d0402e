#!/bin/sh
# Runs every test: installs what is missing, checks the code (lint),
# builds with AddressSanitizer + UndefinedBehaviorSanitizer and runs the
# unit tests and the black-box tests against that build.
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh
make -j2 check
