# helper.bash: shared set-up for the bats tests of the ra tools.
# tests/run puts the tools under test first in PATH and sets RA_TOP.

bats_require_minimum_version 1.5.0

: "${RA_TOP:=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)}"
: "${RA_SHARED:=$RA_TOP/../shared}"

common_setup() {
	export HOME="$BATS_TEST_TMPDIR/home"
	mkdir -p "$HOME"
	export GIT_CONFIG_NOSYSTEM=1
	export RA_DATE=2026-12-04
	export LC_ALL=C.UTF-8
	cd "$BATS_TEST_TMPDIR"
}

# A fresh compliance directory in $BATS_TEST_TMPDIR/p.
new_practice() {
	ra-inventory init --name "Sunrise Family Medicine" --id sunrise p \
	    >/dev/null
}

# Write stdin to a file, byte for byte (printf handles \r escapes).
write() {
	cat >"$1"
}
