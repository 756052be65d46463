# ra: HIPAA Security Rule risk assessments as small Unix tools.
# GNU make.  `make demo` and `make check` bring in missing Debian packages
# through `make deps`.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
VERSION = 0.1.0

CC ?= cc
CFLAGS ?= -O2 -g
PKG_CONFIG ?= pkg-config
CSV_LIBS ?= -lcsv
YAML_CFLAGS := $(shell $(PKG_CONFIG) --cflags yaml-0.1 2>/dev/null)
YAML_LIBS := $(shell $(PKG_CONFIG) --libs yaml-0.1 2>/dev/null)
GIT_CFLAGS := $(shell $(PKG_CONFIG) --cflags libgit2 2>/dev/null)
GIT_LIBS := $(shell $(PKG_CONFIG) --libs libgit2 2>/dev/null)
CMOCKA_LIBS := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

WARNINGS = -Wall -Wextra -Wshadow -Wformat=2 -Wmissing-prototypes \
	-Wstrict-prototypes -Wpointer-arith -Wno-unused-parameter
ifeq ($(DEVELOPER),1)
WARNINGS += -Werror
endif

# Sanitizer builds live in their own tree so that objects never mix.
ifneq ($(SANITIZE),)
BUILD ?= build/sanitize
SANFLAGS = -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
else
BUILD ?= build
endif

ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -DRA_VERSION='"$(VERSION)"' \
	-Ilib -I$(BUILD)/gen $(WARNINGS) $(CFLAGS) $(SANFLAGS) \
	$(YAML_CFLAGS) $(GIT_CFLAGS)
ALL_LDFLAGS = -Wl,--as-needed $(LDFLAGS) $(SANFLAGS)
LIBS = $(CSV_LIBS) $(YAML_LIBS)

LIB_SRC = $(wildcard lib/*.c)
LIB_OBJ = $(LIB_SRC:lib/%.c=$(BUILD)/lib/%.o) $(BUILD)/gen/catalog_data.o
CLI_OBJ = $(BUILD)/cmd/cli.o
TOOLS = $(patsubst cmd/%.c,%,$(filter cmd/ra-%.c,$(wildcard cmd/*.c)))
BINS = $(TOOLS:%=$(BUILD)/bin/%)
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BINS = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
MANPAGES = $(wildcard man/*.[1-8])

# Debian packages: build, test, lint, and the benchmark's comparisons.
DEBIAN_PACKAGES = build-essential pkg-config libcsv-dev libyaml-dev \
	libgit2-dev libcmocka-dev bats mandoc git valgrind clang
DEPS_PRESENT := $(shell $(PKG_CONFIG) --exists yaml-0.1 libgit2 cmocka \
	2>/dev/null && test -f /usr/include/csv.h && command -v bats \
	>/dev/null && command -v mandoc >/dev/null && echo yes)

.PHONY: all check lint demo install uninstall clean deps ensure-deps \
	unit tools valgrind

all: $(BINS)

tools: $(BINS)

$(BUILD)/lib/%.o: lib/%.c lib/*.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/cmd/%.o: cmd/%.c cmd/*.h lib/*.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The built-in catalog is embedded as a C string, so the tools need no
# installed data file.  '?' is escaped so that no trigraph can form.
$(BUILD)/gen/catalog_data.c: lib/catalog/catalog.yaml
	@mkdir -p $(@D)
	{ echo '/* Generated from $<: do not edit. */'; \
	  echo '#include <stddef.h>'; \
	  echo 'extern const char ra_catalog_builtin_text[];'; \
	  echo 'extern const size_t ra_catalog_builtin_len;'; \
	  echo 'const char ra_catalog_builtin_text[] ='; \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/?/\\?/g' \
	      -e 's/^/"/' -e 's/$$/\\n"/' $<; \
	  echo ';'; \
	  echo 'const size_t ra_catalog_builtin_len ='; \
	  echo '    sizeof(ra_catalog_builtin_text) - 1;'; } >$@.tmp
	mv $@.tmp $@

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/libra.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $(LIB_OBJ)

# Only ra-inventory and ra-report touch git; the filters never link it.
$(BUILD)/bin/ra-inventory $(BUILD)/bin/ra-report: LIBS += $(GIT_LIBS)

$(BUILD)/bin/%: $(BUILD)/cmd/%.o $(CLI_OBJ) $(BUILD)/libra.a
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(CLI_OBJ) $(BUILD)/libra.a $(LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libra.a tests/unit/*.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -Itests/unit -o $@ $< \
		$(BUILD)/libra.a $(CMOCKA_LIBS) $(CSV_LIBS) $(YAML_LIBS) $(GIT_LIBS)

unit: $(UNIT_BINS)

ensure-deps:
ifneq ($(DEPS_PRESENT),yes)
	$(MAKE) deps
endif

deps:
	@if [ "$$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi; \
	$$sudo apt-get update && \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y \
		$(DEBIAN_PACKAGES)

check: ensure-deps
	@$(MAKE) --no-print-directory tools unit
	@BUILD=$(BUILD) sh tests/run

valgrind: ensure-deps
	@$(MAKE) --no-print-directory tools unit
	@BUILD=$(BUILD) RA_VALGRIND=1 sh tests/run

lint: ensure-deps
	mandoc -Tlint -Wwarning $(MANPAGES)

demo: ensure-deps
	@$(MAKE) --no-print-directory tools
	@BUILD=$(BUILD) sh examples/demo.sh

install: $(BINS)
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7
	for b in $(BINS); do cp $$b $(DESTDIR)$(BINDIR)/; done
	for m in $(MANPAGES); do s=$${m##*.}; \
		cp $$m $(DESTDIR)$(MANDIR)/man$$s/; done

uninstall:
	for t in $(TOOLS); do rm -f $(DESTDIR)$(BINDIR)/$$t; done
	for m in $(MANPAGES); do s=$${m##*.}; \
		rm -f $(DESTDIR)$(MANDIR)/man$$s/$${m#man/}; done

clean:
	rm -rf build
