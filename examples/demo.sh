#!/bin/bash
# examples/demo.sh: `make demo`.  Starts a practice in a scratch directory,
# imports a messy spreadsheet export into it, lists and checks it; then runs
# the assessment pipeline on a copy of the example pediatric clinic.  The
# examples themselves are never changed.  Prints where it left the results.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$top/$BUILD ;; esac
PATH=$BUILD/bin:$PATH
export RA_DATE=${RA_DATE:-$(date +%Y-%m-%d)}
export GIT_CONFIG_NOSYSTEM=1

out=$(mktemp -d "${TMPDIR:-/tmp}/ra-demo.XXXXXX")
step() { printf '\n== %s\n$ %s\n' "$1" "$2"; }

step "1. start a practice" "ra-inventory init --name 'Cedar Park Internal Medicine' $out/cedar-park"
ra-inventory init --name "Cedar Park Internal Medicine" --id cedar-park \
    "$out/cedar-park"

step "import its messy device spreadsheet" \
    "ra-inventory -C $out/cedar-park import --map office-export.map.yaml office-export.csv"
ra-inventory -C "$out/cedar-park" import \
    --map "$top/examples/messy/office-export.map.yaml" \
    "$top/examples/messy/office-export.csv"

step "the normalised inventory, laptops and phones" "ra-inventory -C $out/cedar-park list --category laptop; ... --category mobile"
ra-inventory -C "$out/cedar-park" list --category laptop
ra-inventory -C "$out/cedar-park" list --category mobile | tail -n +2

step "what the inventory still lacks" "ra-inventory -C $out/cedar-park check"
ra-inventory -C "$out/cedar-park" check | head -n 15 || true
echo "($(ra-inventory -C "$out/cedar-park" check | wc -l) findings in all)"

clinic=$out/little-harbor
cp -R "$top/examples/pediatric-clinic" "$clinic"
step "2-4. threats, vulnerabilities and safeguards of a real-size clinic, scored" \
    "ra-inventory -C $clinic list | ra-threats -C $clinic | ra-score -C $clinic > $clinic/register.csv"
ra-inventory -C "$clinic" list | ra-threats -C "$clinic" |
    ra-score -C "$clinic" >"$clinic/register.csv"
echo "$(($(ra-inventory -C "$clinic" list | wc -l) - 1)) assets," \
    "$(($(wc -l <"$clinic/register.csv") - 1)) scored threat-vulnerability pairs;" \
    "$(ra-score --min high "$clinic/register.csv" | tail -n +2 | wc -l) rated high."

step "why one pair is rated as it is" \
    "ra-score --explain < (the EHR's phishing row)"
head -n 1 "$clinic/register.csv" >"$out/one.csv"
grep '^ehr-pcc/phishing/no-mfa,' "$clinic/register.csv" >>"$out/one.csv"
ra-score -C "$clinic" --explain "$out/one.csv"

printf '\nThe demo practice is in %s/cedar-park\n' "$out"
printf 'The clinic and its scored register are in %s/register.csv\n' "$clinic"
