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
LIB_OBJ = $(LIB_SRC:lib/%.c=$(BUILD)/lib/%.o) $(BUILD)/gen/catalog_data.o \
	$(BUILD)/gen/matrices_data.o
MATRICES = lib/matrices/default.yaml lib/matrices/nist.yaml
CLI_OBJ = $(BUILD)/cmd/cli.o
TOOLS = $(patsubst cmd/%.c,%,$(filter cmd/ra-%.c,$(wildcard cmd/*.c)))
BINS = $(TOOLS:%=$(BUILD)/bin/%)
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BINS = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
MANPAGES = $(wildcard man/*.[1-8])

# Debian packages: build, test, lint, and the benchmark's comparisons.
DEBIAN_PACKAGES = build-essential pkg-config libcsv-dev libyaml-dev \
	libgit2-dev libcmocka-dev bats mandoc git valgrind clang \
	miller gawk hyperfine python3 time
DEPS_PRESENT := $(shell $(PKG_CONFIG) --exists yaml-0.1 libgit2 cmocka \
	2>/dev/null && test -f /usr/include/csv.h && command -v bats \
	>/dev/null && command -v mandoc >/dev/null && echo yes)

.PHONY: all check lint demo install uninstall clean deps ensure-deps \
	unit tools valgrind bench

all: $(BINS)

tools: $(BINS)

$(BUILD)/lib/%.o: lib/%.c lib/*.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/cmd/%.o: cmd/%.c cmd/*.h lib/*.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The built-in catalog is compiled to C data: gen-catalog, linked with
# the library's own loader (all of it but the data it makes), loads and
# validates lib/catalog/catalog.yaml and writes static structs, so that the
# tools parse no YAML at start-up.
GEN_OBJ = $(filter-out $(BUILD)/lib/ra_catalog_builtin.o \
	$(BUILD)/lib/ra_matrix_builtin.o $(BUILD)/gen/%,\
	$(LIB_OBJ))

$(BUILD)/libra-gen.a: $(GEN_OBJ)
	@rm -f $@
	ar rcs $@ $(GEN_OBJ)

$(BUILD)/gen-catalog: lib/catalog/gen-catalog.c $(BUILD)/libra-gen.a lib/*.h \
		lib/catalog/c-literal.h
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(BUILD)/libra-gen.a \
		$(LIBS)

$(BUILD)/gen/catalog_data.c: lib/catalog/catalog.yaml $(BUILD)/gen-catalog
	@mkdir -p $(@D)
	$(BUILD)/gen-catalog lib/catalog/catalog.yaml >$@.tmp
	mv $@.tmp $@

# The built-in risk matrices, the same way, by gen-matrices.
$(BUILD)/gen-matrices: lib/matrices/gen-matrices.c $(BUILD)/libra-gen.a \
		lib/*.h lib/catalog/c-literal.h
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(BUILD)/libra-gen.a \
		$(LIBS)

$(BUILD)/gen/matrices_data.c: $(MATRICES) $(BUILD)/gen-matrices
	@mkdir -p $(@D)
	$(BUILD)/gen-matrices $(MATRICES) >$@.tmp
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

# The benchmark (bench/README.md): ra-score against a bare libcsv loop,
# Python's csv module, Miller and gawk on one generated register.
BENCH_ROWS ?= 1000000
BENCH_ROUNDS ?= 3

$(BUILD)/bench/bare: bench/bare.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(CSV_LIBS)

bench: ensure-deps
	@for t in mlr gawk python3 hyperfine /usr/bin/time; do \
		command -v $$t >/dev/null || { $(MAKE) deps; break; }; done
	@$(MAKE) --no-print-directory tools $(BUILD)/bench/bare
	@BUILD=$(BUILD) BENCH_ROWS=$(BENCH_ROWS) BENCH_ROUNDS=$(BENCH_ROUNDS) \
		sh bench/run.sh

lint: ensure-deps
	mandoc -Tlint -Wwarning $(MANPAGES)

demo: ensure-deps
	@$(MAKE) --no-print-directory tools
	@BUILD=$(BUILD) bash examples/demo.sh

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
