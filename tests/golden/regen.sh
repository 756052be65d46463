#!/bin/sh
# tests/golden/regen.sh: rewrite the golden files from the tools as built.
#
#     make tools && sh tests/golden/regen.sh
#
# Run it after a deliberate change to the catalog, the engine or an
# example practice, then read `git diff tests/golden/` as an assessor
# would: every added, removed or changed row must be one you meant.  The
# bats tests (tests/cli/ra-threats.bats) compare the tools' output with
# these files byte for byte.
#
# Environment: BUILD (default build) is where make put the binaries.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$top/$BUILD ;; esac
cd "$top"

# ra-threats: the register of each example practice, unscored.
for dir in examples/*/; do
	x=$(basename "$dir")
	[ -f "$dir/inventory.csv" ] || continue
	"$BUILD/bin/ra-threats" -C "examples/$x" "examples/$x/inventory.csv" \
	    >"tests/golden/threats/$x.csv.tmp"
	mv "tests/golden/threats/$x.csv.tmp" "tests/golden/threats/$x.csv"
	echo "tests/golden/threats/$x.csv"
done

# ra-score: the same registers scored with each practice's own matrix.
for dir in examples/*/; do
	x=$(basename "$dir")
	[ -f "tests/golden/threats/$x.csv" ] || continue
	"$BUILD/bin/ra-score" -C "examples/$x" "tests/golden/threats/$x.csv" \
	    >"tests/golden/score/$x.csv.tmp"
	mv "tests/golden/score/$x.csv.tmp" "tests/golden/score/$x.csv"
	echo "tests/golden/score/$x.csv"
done
