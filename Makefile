# itbcp — one Makefile.  `make` builds build/itbcp; `make check` installs what
# is missing, builds with AddressSanitizer + UBSan and runs every test, and
# runs the tests that start threads again under ThreadSanitizer.
# Sources are found, not listed: a new src/**/*.c is built, a new
# tests/unit/test_*.c is a new cmocka test binary, a new tests/cli/*.sh a
# new black-box test.

CC ?= cc
# Several people building in one tree at once: each may name its own BUILD.
BUILD ?= build
# Quiet by default; `make V=1` shows every command.
Q = $(if $(V),,@)
# Libraries found through pkg-config (evaluated when a recipe first needs
# them, so `make deps` can install them first in the same run).
PKGS = sqlite3 libpq jansson libmicrohttpd libsodium libcurl libgvc xlsxwriter libical zlib libxml-2.0 cairo pangocairo librsvg-2.0 libqrencode fontconfig liboath
# Each is asked once per make and kept: asked again for every compile, the
# ~500 compiles of `make check` ran pkg-config ~1,000 times (8.5 s of CPU,
# session 14).  (Recursive until first used: `make deps` may still install
# the libraries before any recipe needs them.)
PKG_CFLAGS = $(eval PKG_CFLAGS := $$(shell pkg-config --cflags $$(PKGS)))$(PKG_CFLAGS)
PKG_LIBS = $(eval PKG_LIBS := $$(shell pkg-config --libs $$(PKGS)))$(PKG_LIBS)
CMOCKA_CFLAGS = $(eval CMOCKA_CFLAGS := $$(shell pkg-config --cflags cmocka))$(CMOCKA_CFLAGS)
CMOCKA_LIBS = $(eval CMOCKA_LIBS := $$(shell pkg-config --libs cmocka))$(CMOCKA_LIBS)

WARN = -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wvla -Wstrict-prototypes \
       -Wmissing-prototypes -Wno-missing-field-initializers
CSTD = -std=c17 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L
CPPFLAGS_ALL = -Isrc -I$(BUILD)/gen -MMD -MP
# Every file of src/ is told its folder (ITBCP_IN_store, ITBCP_IN_web …),
# so a header can refuse a layer it does not belong to (store/db.h), and
# reads util/banned.h first, so a banned function is a compile error.
layer_of = -DITBCP_IN_$(basename $(word 2,$(subst /, ,$(1))))
SRC_CPPFLAGS = -include util/banned.h
# The release flavour takes the usual CFLAGS, CPPFLAGS and LDFLAGS, so a
# packager's flags apply (the Debian package: dpkg-buildflags' hardening,
# -ffile-prefix-map); -O2 -g when none are given.
CFLAGS ?= -O2 -g
OPT_release = $(CFLAGS) $(CPPFLAGS)
# ITBCP_TEST_BUILD: the test flavours (asan, tsan, fuzz) hash passwords
# cheaply unless a test asks for the product's cost (src/store/pwhash_cost.h).
# -g1: line tables and function names, what a sanitizer's report needs to
# name file:line; no variables' debug information (a test build is read by
# its reports, not stepped through), which cost ~15 % of the compile
# (session 12: 24 files, 9.4 s against 8.0 s of CPU, three runs each).
OPT_asan = -O1 -g1 -fno-omit-frame-pointer -fsanitize=address,undefined \
           -fno-sanitize-recover=all -DITBCP_TEST_BUILD
# ThreadSanitizer, for the tests that run threads (TSAN_UNIT_TESTS, TSAN_CLI):
# -O1 like the asan flavour (until session 9 -O2, to see the warnings only
# -O2 gives; it cost 40 % more to compile and the test command had no
# room left: `make` — the release build, -O2 — still shows them).
OPT_tsan = -O1 -g1 -fno-omit-frame-pointer -fsanitize=thread -DITBCP_TEST_BUILD
LDOPT_release = $(LDFLAGS)
# The test flavours link with LLVM's lld: some 70 programs are linked per
# run (itbcp twice, a binary per unit test, the fuzzers), each against the
# whole library and ~90 shared libraries, and lld does it in a third of
# GNU ld's CPU time (0.31 s against 0.95 s for one unit test).  The
# release build keeps the system's default linker.
LD_TEST = -fuse-ld=lld
# The asan flavour's programs start ~2,000 times a run, and on this
# machine's virtualised CPU a page fault costs ~10 µs: each start of itbcp
# took ~7,000, half of them LeakSanitizer's scan at exit of every module's
# writable memory — libubsan.so's 6 MB of it never used.  Linked with
# -static-libubsan only the UBSan handlers the code calls come in (its
# bss 0.6 MB), and as a fixed-address executable (-no-pie) the ~140,000
# relocations of its own data (ASan's descriptors of every global) are done
# by the linker, not at each start: ~4,700 faults (session 14).  Both are
# for the tests only; the release build stays PIE.
LDOPT_asan = -fsanitize=address,undefined -static-libubsan -no-pie $(LD_TEST)
LDOPT_tsan = -fsanitize=thread $(LD_TEST)

SRC := $(shell find src -name '*.c' | sort)
LIB_SRC := $(filter-out src/main.c,$(SRC))
UNIT_TESTS := $(basename $(notdir $(wildcard tests/unit/test_*.c)))
# The unit tests that run threads of the server (page threads, the
# check-in writer and its syncer, the WAL checkpointer), also built and run
# under ThreadSanitizer; the CLI tests run under it are in tests/run.sh.
TSAN_UNIT_TESTS := test_page_threads test_store_wal test_web_checkin
# Code the unit tests share (tests/support/*.c, e.g. the in-process web
# client): compiled once per flavour into an archive every test links, so a
# test takes only what it uses.
TEST_SUPPORT := $(wildcard tests/support/*.c)
EMBED_FILES := $(sort $(wildcard src/store/migrations/*.sql) $(wildcard src/store/migrations/pg/*.sql) \
                 $(wildcard src/store/migrations/baseline/*.sql) $(wildcard src/demo/*.json) \
                 $(wildcard src/store/passwords/*.txt) \
                 $(wildcard src/render/pack/*.css src/render/pack/*.js) \
                 $(shell find src/web/assets -type f 2>/dev/null))

all: $(BUILD)/itbcp

# ---- generated: files compiled into the binary -------------------------
$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) -O2 -o $@ $<

$(BUILD)/gen/embedded.c: $(BUILD)/tools/embed $(EMBED_FILES)
	@mkdir -p $(@D)
	$(BUILD)/tools/embed src $(EMBED_FILES) > $@.tmp && mv $@.tmp $@

# ---- the test flavours: one unit per folder ----------------------------
# The test flavours (asan, tsan and the fuzzers' objects) compile each
# folder of src/ as one translation unit: $(BUILD)/<flavour>/unity/<folder>.c
# #includes the folder's files.  Compiled one by one, every file read the
# same big headers again (glib, cairo, pango, libxml2 …) in a compiler
# process of its own, and here a process start and its page faults are
# dear: the three flavours' objects were 487 compiles and 112 s of CPU,
# one unit a folder they are 64 and 63 s; the whole test build 139 → 101 s
# (fresh clones, make -j2, two runs each, interleaved).  The release build
# stays one object per file, so a file that forgets an #include is still
# an error there.  So that a folder compiles as one unit, two files of a
# folder never define the same static name or macro: a file's own helpers
# carry its name.  (A unit test now links its folders whole: its binary is
# larger, the unit tests' run no slower.)
H := \#
# (H: a # that make does not take for a comment.)
# The files of list $(2) in folder $(1) itself, not in its sub-folders.
files_in = $(foreach f,$(2),$(if $(filter $(1)/,$(dir $(f))),$(f)))
# The text of the unity file of folder src/$(1) (app, render/plan …) for
# the files listed in variable $(2).  #include <app/app.c>, found through
# -Isrc, so that __FILE__ and the line tables say src/app/app.c as when
# the file is compiled alone ("…" would first look beside the unity file,
# where a sub-folder's unity file may have the same name).
define nl


endef
unity_text = /* Made by the Makefile: src/$(1) as one unit. */$(subst > $(nl),>$(nl),$(foreach f,$(call files_in,src/$(1),$($(2))),$(nl)$(H)include <$(f:src/%=%)>))
# Not empty when texts $(1) and $(2) are the same, white space aside.
same_text = $(and $(findstring $(strip $(1)),$(strip $(2))),$(findstring $(strip $(2)),$(strip $(1))))

# $(call unity,FLAVOUR,SOURCES): UNITY_OBJ_FLAVOUR, the objects of the
# folders of the files listed in variable SOURCES.  The unity files are
# written while make reads this file, by make itself (a mkdir when one is
# new), and only when one is missing or a file of its folder came or went
# (UNITY_WRITTEN_FLAVOUR names those folders), so an unchanged folder is
# not compiled again and make -n and -q tell the truth; a unity object
# depends on every file and header it read (-MMD), as any object does.
define unity
UNITY_DIRS_$(1) := $$(patsubst src/%,%,$$(sort $$(patsubst %/,%,$$(dir $$($(2))))))
UNITY_OBJ_$(1) := $$(UNITY_DIRS_$(1):%=$(BUILD)/$(1)/unity/%.o)
UNITY_STALE_$(1) := $$(strip $$(foreach d,$$(UNITY_DIRS_$(1)),$$(if $$(call same_text,$$(file <$(BUILD)/$(1)/unity/$$(d).c),$$(call unity_text,$$(d),$(2))),,$$(d))))
UNITY_WRITTEN_$(1) := $$(if $$(UNITY_STALE_$(1)),$$(shell mkdir -p $$(sort $$(dir $$(UNITY_STALE_$(1):%=$(BUILD)/$(1)/unity/%.c))))) \
  $$(foreach d,$$(UNITY_STALE_$(1)),$$(file >$(BUILD)/$(1)/unity/$$(d).c,$$(call unity_text,$$(d),$(2)))$$(d))

$$(UNITY_OBJ_$(1)): $(BUILD)/$(1)/unity/%.o: $(BUILD)/$(1)/unity/%.c
	@echo "  CC $(1)  src/$$*/"
	$(Q)$$(CC_$(1)) $$(CSTD) $$(WARN) $$(OPT_$(1)) $$(CPPFLAGS_ALL) $$(SRC_CPPFLAGS) $$(call layer_of,src/$$*/) \
	  $$(PKG_CFLAGS) -c -o $$@ $$<
endef

CC_asan = $(CC)
CC_tsan = $(CC)
$(eval $(call unity,asan,LIB_SRC))
$(eval $(call unity,tsan,LIB_SRC))
OBJ_release := $(patsubst src/%.c,$(BUILD)/release/obj/%.o,$(LIB_SRC))
OBJ_asan := $(UNITY_OBJ_asan)
OBJ_tsan := $(UNITY_OBJ_tsan)

# ---- one set of objects per flavour ------------------------------------
# (release: OBJ_release, one object per file of src/; asan and tsan: one
# per folder, above.)
define flavour
$(BUILD)/$(1)/obj/%.o: src/%.c
	@mkdir -p $$(@D)
	@echo "  CC $(1)  $$<"
	$(Q)$$(CC) $$(CSTD) $$(WARN) $$(OPT_$(1)) $$(CPPFLAGS_ALL) $$(SRC_CPPFLAGS) $$(call layer_of,$$<) $$(PKG_CFLAGS) -c -o $$@ $$<

$(BUILD)/$(1)/obj/gen/embedded.o: $(BUILD)/gen/embedded.c
	@mkdir -p $$(@D)
	$$(CC) $$(CSTD) $$(OPT_$(1)) -Isrc -c -o $$@ $$<

$(BUILD)/$(1)/libitbcp.a: $$(OBJ_$(1)) $(BUILD)/$(1)/obj/gen/embedded.o
	$(Q)rm -f $$@ && ar rcs $$@ $$^

$(BUILD)/$(1)/itbcp: $(BUILD)/$(1)/obj/main.o $(BUILD)/$(1)/libitbcp.a
	@echo "  LD $(1)  $$@"
	$(Q)$$(CC) $$(LDOPT_$(1)) -o $$@ $$^ $$(PKG_LIBS) -lm -lpthread

SUPPORT_$(1) := $$(patsubst tests/support/%.c,$(BUILD)/$(1)/support/%.o,$$(TEST_SUPPORT))

$(BUILD)/$(1)/support/%.o: tests/support/%.c
	@mkdir -p $$(@D)
	@echo "  CC $(1)  $$<"
	$(Q)$$(CC) $$(CSTD) $$(WARN) $$(OPT_$(1)) $$(CPPFLAGS_ALL) -DITBCP_IN_tests -Itests/support $$(PKG_CFLAGS) \
	  $$(CMOCKA_CFLAGS) -c -o $$@ $$<

$(BUILD)/$(1)/libtestsupport.a: $$(SUPPORT_$(1))
	$(Q)rm -f $$@ && ar rcs $$@ $$^

$(BUILD)/$(1)/tests/%: tests/unit/%.c $(BUILD)/$(1)/libtestsupport.a $(BUILD)/$(1)/libitbcp.a
	@mkdir -p $$(@D)
	@echo "  TEST $(1)  $$@"
	$(Q)$$(CC) $$(CSTD) $$(WARN) -Wno-missing-prototypes $$(OPT_$(1)) $$(CPPFLAGS_ALL) -DITBCP_IN_tests -Itests/support $$(PKG_CFLAGS) \
	  $$(CMOCKA_CFLAGS) -o $$@ $$< $(BUILD)/$(1)/libtestsupport.a $(BUILD)/$(1)/libitbcp.a \
	  $$(LDOPT_$(1)) $$(PKG_LIBS) $$(CMOCKA_LIBS) -lm -lpthread
endef
$(eval $(call flavour,release))
$(eval $(call flavour,asan))
$(eval $(call flavour,tsan))

# ---- libFuzzer targets (tests/fuzz/fuzz_NAME.c, corpus tests/fuzz/corpus/NAME/)
# Built with clang, each linked with the layers below the faces (what a
# parser of outside input uses), never the server.  The test command runs
# each for a bounded time (tests/run.sh, FUZZ_SECONDS).
FUZZ_CC ?= clang
FUZZ_OPT = -O1 -g1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all -DITBCP_TEST_BUILD
FUZZ_TARGETS := $(basename $(notdir $(wildcard tests/fuzz/fuzz_*.c)))
# Beyond those layers, only the pure parsers of the faces: a request's
# parts (req.c, with the encoder url.c its round trips use) and the people
# import (people_import.c); neither calls the store or the server.
# Those layers' folders are compiled one unit each (see the test flavours
# above); the three files alone, each its own object.
FUZZ_ONE_FILE := src/web/core/req.c src/web/core/url.c src/app/people_import.c
FUZZ_LIB_SRC := $(filter-out src/util/embedded.c,$(filter src/util/% src/model/% src/rules/% src/jma/% src/format/%,$(LIB_SRC))) \
                $(FUZZ_ONE_FILE)
FUZZ_UNITY_SRC := $(filter-out $(FUZZ_ONE_FILE),$(FUZZ_LIB_SRC))
CC_fuzz = $(FUZZ_CC)
OPT_fuzz = $(FUZZ_OPT) -fsanitize=fuzzer-no-link
$(eval $(call unity,fuzz,FUZZ_UNITY_SRC))
FUZZ_OBJ := $(UNITY_OBJ_fuzz) $(patsubst src/%.c,$(BUILD)/fuzz/obj/%.o,$(FUZZ_ONE_FILE))

$(BUILD)/fuzz/obj/%.o: src/%.c
	@mkdir -p $(@D)
	@echo "  CC fuzz  $<"
	$(Q)$(CC_fuzz) $(CSTD) $(WARN) $(OPT_fuzz) $(CPPFLAGS_ALL) $(SRC_CPPFLAGS) $(call layer_of,$<) $(PKG_CFLAGS) -c -o $@ $<

# (tests/fuzz/*.h: what several targets share, e.g. people_check.h)
$(BUILD)/fuzz/%: tests/fuzz/%.c $(FUZZ_OBJ) $(wildcard tests/fuzz/*.h)
	@echo "  LD fuzz  $@"
	$(Q)$(FUZZ_CC) $(CSTD) $(WARN) $(FUZZ_OPT) -fsanitize=fuzzer $(LD_TEST) -Isrc -include util/banned.h $(PKG_CFLAGS) \
	  -o $@ $< $(FUZZ_OBJ) $(PKG_LIBS) -lm -lpthread

fuzz: $(addprefix $(BUILD)/fuzz/,$(FUZZ_TARGETS))
.PHONY: fuzz

# ---- every folder through a second compiler ---------------------------
# clang reads each folder of src/ (the asan flavour's units) with the
# project's warnings and makes no code (-fsyntax-only: ~2 s of CPU for all
# of src/), so what clang refuses and gcc lets through — a v*printf of a
# format in a function without printf's format attribute, which clang's
# -Wformat-nonliteral (in -Wformat=2) refuses — fails the test command,
# not a later build with clang.  (The fuzzers compile only the lower layers
# with clang.)
CLANG_CHECK := $(UNITY_OBJ_asan:$(BUILD)/asan/unity/%.o=$(BUILD)/clang/%.ok)
$(CLANG_CHECK): $(BUILD)/clang/%.ok: $(BUILD)/asan/unity/%.c
	@mkdir -p $(@D)
	@echo "  CLANG  src/$*/"
	$(Q)$(FUZZ_CC) $(CSTD) $(WARN) -DITBCP_TEST_BUILD $(CPPFLAGS_ALL) -MF $(@:.ok=.d) -MT $@ $(SRC_CPPFLAGS) \
	  $(call layer_of,src/$*/) $(PKG_CFLAGS) -fsyntax-only $< && touch $@
clang-check: $(CLANG_CHECK)
.PHONY: clang-check

$(BUILD)/itbcp: $(BUILD)/release/itbcp
	cp $< $@

# ---- the README's commands ---------------------------------------------
deps:
	scripts/deps.sh

# Fresh Debian 12 to the product running on the demo plan.
demo: deps
	$(MAKE) all
	scripts/demo.sh

# Every test, under the sanitizers.  Only what the tests use is built: no
# release binary (bench/ builds its own).
#
# The ASan build comes first (with clang-check beside it); the ThreadSanitizer build and the fuzzers
# (a third of the compiling) are made by tests/run.sh beside the first
# tests, on the CPU they leave idle while they wait on servers and the
# browser, and the tests that need them wait for them (TEST_BUILD_LATER):
# the fuzzers first, so that they too start early on that idle CPU.
TEST_BUILD_FIRST = $(BUILD)/asan/itbcp $(addprefix $(BUILD)/asan/tests/,$(UNIT_TESTS))
TEST_BUILD_FUZZ = $(addprefix $(BUILD)/fuzz/,$(FUZZ_TARGETS))
TEST_BUILD_TSAN = $(BUILD)/tsan/itbcp $(addprefix $(BUILD)/tsan/tests/,$(TSAN_UNIT_TESTS))
check: deps
	$(MAKE) lint
	$(MAKE) clang-check $(TEST_BUILD_FIRST)
	TEST_BUILD_LATER='$(MAKE) --no-print-directory $(TEST_BUILD_FUZZ) && echo fuzz-built && $(MAKE) --no-print-directory $(TEST_BUILD_TSAN)' \
	  TSAN_UNIT_TESTS='$(TSAN_UNIT_TESTS)' \
	  tests/run.sh $(BUILD)/asan $(BUILD)/tsan $(BUILD)/fuzz

lint:
	scripts/lint.sh

# The Debian package (debian/, dpkg-buildpackage), built from a copy of the
# tracked files: $(BUILD)/deb/itbcp_VERSION_ARCH.deb.
deb:
	scripts/deb.sh $(BUILD)/deb

clean:
	rm -rf $(BUILD)

.PHONY: all deps demo check lint clean deb
.SECONDARY:
-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# One unit test under the sanitizers: make unit T=test_rules
unit:
	$(MAKE) $(BUILD)/asan/tests/$(T)
	ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp $(BUILD)/asan/tests/$(T)
.PHONY: unit
