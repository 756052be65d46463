#!/usr/bin/env bats
# ra-threats: inventory in, register out; --list; safeguards and local
# catalogs; every error it names; the example practices' registers.

load helper

REGISTER_HEADER=risk_id,asset_id,asset_name,category,location,owner,vendor,ephi,records,criticality,threat_id,threat_name,vulnerability_id,vulnerability_name,vulnerability_status,safeguards,effectiveness

setup() {
	common_setup
	# Two assets whose pairs are easy to follow.
	cat >inv.csv <<'CSV'
id,name,category,location,owner,vendor,ephi,records,criticality,encryption,mfa,patched,backup,baa,status,notes
lap-lee,Dr. Lee's laptop,laptop,home,Dr. Lee,Apple,store;transmit,300,medium,no,yes,yes,yes,n/a,active,FileVault off
fax-1,Front desk fax,fax,main,Ann,Brother,receive,50,low,n/a,n/a,n/a,n/a,n/a,active,
CSV
}

# The register row with risk_id $1: risk_id,status,safeguards,effectiveness.
rows() {
	mlr --icsv --ocsv --headerless-csv-output filter "\$risk_id == \"$1\"" \
	    then cut -o -f risk_id,vulnerability_status,safeguards,effectiveness \
	    "${2:-out.csv}"
}

@test "--help prints the synopsis on stdout and exits 0" {
	run -0 --separate-stderr ra-threats --help
	[ "${lines[0]}" = "usage: ra-threats [-C DIR] [--catalog FILE] [--all] [-o FILE] [FILE]" ]
	[ "${lines[1]}" = "       ra-threats [-C DIR] [--catalog FILE] --list categories|threats|vulnerabilities|safeguards" ]
	[ "${lines[2]}" = "       ra-threats --help | --version" ]
	[ "${#lines[@]}" = 3 ]
	[ -z "$stderr" ]
}

@test "--version prints the version" {
	run -0 ra-threats --version
	[[ "$output" =~ ^ra-threats\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
}

@test "usage errors exit 2 with the usage on stderr" {
	run -2 --separate-stderr ra-threats --frobnicate
	[ -z "$output" ]
	[[ "$stderr" == *"usage: ra-threats [-C DIR]"* ]]
	run -2 --separate-stderr ra-threats a.csv b.csv
	[[ "$stderr" == "usage: ra-threats"* ]]
	run -2 --separate-stderr ra-threats --list threats inv.csv
	[[ "$stderr" == "usage: ra-threats"* ]]
	run -2 --separate-stderr ra-threats --list threats --all
	[[ "$stderr" == "usage: ra-threats"* ]]
}

@test "an inventory on stdin gives one row per pair, the register columns first" {
	run -0 --separate-stderr ra-threats <inv.csv
	[ -z "$stderr" ]
	[ "${lines[0]}" = "$REGISTER_HEADER" ]
	[ "${lines[1]}" = "lap-lee/theft-loss/no-encryption,lap-lee,Dr. Lee's laptop,laptop,home,Dr. Lee,Apple,store;transmit,300,medium,theft-loss,Loss or theft of a device or media (e.g. a laptop stolen from a car or home),no-encryption,ePHI stored on the device without full-disk encryption,present,,none" ]
	# Attribute no: present; not known: unverified; yes and n/a: no row.
	[[ "$output" == *"lap-lee/theft-loss/sra-v1-4,"*",unverified,,none"* ]]
	[[ "$output" != *"lap-lee/ransomware/unpatched,"* ]]
	[[ "$output" != *"lap-lee/ransomware/no-backup,"* ]]
	# A fax may be a machine or a cloud service: its storage is to be checked.
	[[ "$output" == *"fax-1/improper-disposal/device-storage,"*",unverified,,none"* ]]
	# Every risk_id is asset/threat/vulnerability, and none repeats.
	ra-threats <inv.csv | tail -n +2 | cut -d, -f1 | sort | uniq -d >dups
	[ ! -s dups ]
}

@test "a FILE operand, '-' and stdin give the same bytes" {
	ra-threats <inv.csv >a.csv
	ra-threats inv.csv >b.csv
	ra-threats - <inv.csv >c.csv
	cmp a.csv b.csv
	cmp a.csv c.csv
	# And the same bytes every time.
	ra-threats inv.csv >d.csv
	cmp a.csv d.csv
}

@test "an unreadable FILE operand exits 2" {
	run -2 --separate-stderr ra-threats missing.csv
	[ -z "$output" ]
	[[ "$stderr" == "ra-threats: missing.csv: "* ]]
}

@test "--all adds the pairs whose vulnerability is absent, marked absent" {
	ra-threats inv.csv >out.csv
	ra-threats --all inv.csv >all.csv
	[ "$(rows lap-lee/ransomware/unpatched all.csv)" = "lap-lee/ransomware/unpatched,absent,,none" ]
	[ "$(rows lap-lee/ransomware/no-backup all.csv)" = "lap-lee/ransomware/no-backup,absent,,none" ]
	# Nothing else changes: the register is the --all one less its absent rows.
	grep -v ',absent,' all.csv >present.csv
	cmp out.csv present.csv
	# n/a means the vulnerability does not apply: no row even with --all.
	run -1 grep '^fax-1/.*/no-baa,' all.csv
}

@test "unknown columns pass through, after the register's, in input order" {
	printf 'Serial,id,category,Room #,name,encryption\nSN1,lap,laptop,12,Lap,no\n' >x.csv
	run -0 ra-threats x.csv
	[ "${lines[0]}" = "$REGISTER_HEADER,Serial,Room #" ]
	[[ "${lines[1]}" == "lap/theft-loss/no-encryption,lap,Lap,laptop,"*",present,,none,SN1,12" ]]
	# Known inventory columns that the register does not carry are dropped.
	[[ "${lines[0]}" != *encryption* ]]
}

@test "a cell that looks like a formula is neutralised, unknown columns too" {
	printf 'id,name,category,memo\nlap,=SUM(A1),laptop,@cmd\n' >x.csv
	run -0 ra-threats x.csv
	[[ "${lines[1]}" == "lap/theft-loss/no-encryption,lap,'=SUM(A1),laptop,"*",'@cmd" ]]
}

@test "retired assets get rows only while they store ePHI, disposed ones only disposal threats" {
	cat >x.csv <<'CSV'
id,name,category,encryption,status,ephi
old,Old laptop,laptop,no,retired,
gone,Gone laptop,laptop,no,disposed,store
CSV
	run -0 --separate-stderr ra-threats x.csv
	[ "${#lines[@]}" = 4 ]
	[ "${lines[1]%%,*}" = gone/improper-disposal/personal-device ]
	[ "${lines[2]%%,*}" = gone/improper-disposal/sra-v1-4 ]
	[ "${lines[3]%%,*}" = gone/improper-disposal/sra-v5-5 ]
	# Retired but its disk still holds ePHI: theft, break-in, disposal.
	sed -i 's/^old,Old laptop,laptop,no,retired,$/old,Old laptop,laptop,no,retired,store/' x.csv
	run -0 --separate-stderr ra-threats x.csv
	[[ "$output" == *"old/theft-loss/no-encryption,"* ]]
	[[ "$output" == *"old/improper-disposal/sra-v5-5,"* ]]
	[[ "$output" != *"old/ransomware/"* ]]
	[[ "$output" != *"old/phishing/"* ]]
}

@test "-o FILE replaces the file atomically and leaves no stray file" {
	echo old >out.csv
	run -0 --separate-stderr ra-threats -o out.csv inv.csv
	[ -z "$output" ] && [ -z "$stderr" ]
	ra-threats inv.csv >expect.csv
	cmp out.csv expect.csv
	[ "$(ls -a | grep -c '^\.out\.csv')" = 0 ]
	run -0 ra-threats --output out.csv --list threats
	[ "$(head -1 out.csv)" = "id,name,source,hicp,likelihood,exposes,financial,downtime,disposal,retired,cite,description" ]
}

@test "-o FILE is left as it was when the run fails" {
	mkdir p
	printf 'safeguards:\n  - id: fde\n    applies_to: [lap-lei]\n    effectiveness: enforced\n' >p/safeguards.yaml
	echo old >out.csv
	run -2 --separate-stderr ra-threats -C p -o out.csv inv.csv
	[ -z "$output" ]
	[ "$(cat out.csv)" = old ]
	[ "$(ls -a | grep -c '^\.out\.csv')" = 0 ]
}

@test "works outside a compliance directory, on the built-in catalog" {
	mkdir empty
	cd empty
	run -0 --separate-stderr ra-threats <../inv.csv
	[ -z "$stderr" ]
	[ "${lines[0]}" = "$REGISTER_HEADER" ]
	[ "${#lines[@]}" -gt 10 ]
	# -C on a directory with no files in it is the same.
	cd ..
	mkdir q
	ra-threats -C q inv.csv >a.csv
	ra-threats inv.csv >b.csv
	cmp a.csv b.csv
	# Nothing was written anywhere.
	[ -z "$(ls -A empty)" ] && [ -z "$(ls -A q)" ]
}

@test "the pipeline from ra-inventory runs in a new practice" {
	new_practice
	run -0 --separate-stderr bash -c 'set -o pipefail; ra-inventory -C p list | ra-threats -C p >reg.csv'
	[ -z "$stderr" ]
	[ "$(head -1 reg.csv)" = "$REGISTER_HEADER" ]
	# Every starter asset is unknown: every row is unverified or inherent.
	[ "$(tail -n +2 reg.csv | wc -l)" -gt 100 ]
	run -1 grep -c ',absent,' reg.csv
	grep -q '^ehr/phishing/no-mfa,.*,unverified,,none$' reg.csv
}

@test "safeguards apply by asset id, category and all; the best counts" {
	mkdir p
	cat >p/safeguards.yaml <<'YAML'
safeguards:
  - id: fde
    name: BitLocker on laptops
    applies_to: [laptop]
    effectiveness: partial
  - id: fde-lee
    name: FileVault pushed by MDM on Dr. Lee's Mac
    applies_to: [lap-lee]
    effectiveness: enforced
    mitigates: [no-encryption]
  - id: policy
    name: Written device policy
    applies_to: all
    effectiveness: documented
    mitigates: [no-encryption, device-storage]
  - id: train
    applies_to: [fax-1]
    effectiveness: none
    mitigates: [device-storage]
YAML
	# Partly encrypted: the safeguards that claim the laptop count.
	sed 's/,medium,no,yes,/,medium,partial,yes,/' inv.csv >partial.csv
	ra-threats -C p partial.csv >out.csv
	[ "$(rows lap-lee/theft-loss/no-encryption)" = "lap-lee/theft-loss/no-encryption,present,fde;fde-lee;policy,enforced" ]
	# Its own row says encryption: no: no safeguard covers what it lacks.
	ra-threats -C p inv.csv >no.csv
	[ "$(rows lap-lee/theft-loss/no-encryption no.csv)" = "lap-lee/theft-loss/no-encryption,present,,none" ]
	ra-threats -C p inv.csv >out.csv
	[ "$(rows lap-lee/theft-loss/sra-v4-8)" = "lap-lee/theft-loss/sra-v4-8,unverified,,none" ]
	# train mitigates its catalog list plus the local one; none is listed.
	[ "$(rows fax-1/insider-accidental/fax-misdirect)" = "fax-1/insider-accidental/fax-misdirect,unverified,train,none" ]
	[ "$(rows fax-1/improper-disposal/device-storage)" = "fax-1/improper-disposal/device-storage,unverified,policy;train,documented" ]
}

@test "a bad effectiveness in safeguards.yaml names file and line" {
	mkdir p
	printf 'safeguards:\n  - id: mfa\n    applies_to: [email]\n    effectiveness: full\n' >p/safeguards.yaml
	run -2 --separate-stderr ra-threats -C p inv.csv
	[ -z "$output" ]
	[ "$stderr" = "ra-threats: p/safeguards.yaml:4: safeguards[0].effectiveness: expected none, documented, partial or enforced, got 'full'" ]
}

@test "a YAML error in safeguards.yaml names file and line" {
	mkdir p
	printf 'safeguards:\n  - id: mfa\n    applies_to: [email\n' >p/safeguards.yaml
	run -2 --separate-stderr ra-threats -C p inv.csv
	[[ "$stderr" == "ra-threats: p/safeguards.yaml:"[0-9]*": "* ]]
	printf 'safeguards:\n  - id: mfa\n    aplies_to: [email]\n    effectiveness: none\n' >p/safeguards.yaml
	run -2 --separate-stderr ra-threats -C p inv.csv
	[[ "$stderr" == "ra-threats: p/safeguards.yaml:"*"unknown key 'aplies_to' (did you mean 'applies_to'?)" ]]
}

@test "a safeguard for an asset that never came exits 2 after the rows" {
	mkdir p
	printf 'safeguards:\n  - id: fde\n    applies_to: [laptop, lap-lei]\n    effectiveness: enforced\n' >p/safeguards.yaml
	run -2 --separate-stderr ra-threats -C p inv.csv
	[ "$stderr" = "ra-threats: p/safeguards.yaml:2: safeguards[0].applies_to: no asset or category 'lap-lei' (did you mean 'lap-lee'?)" ]
	# The register is streamed: its rows were already written.
	[ "${lines[0]}" = "$REGISTER_HEADER" ]
	[ "${#lines[@]}" -gt 10 ]
	printf 'safeguards:\n  - id: fde\n    applies_to: [lapton]\n    effectiveness: enforced\n' >p/safeguards.yaml
	run -2 --separate-stderr ra-threats -C p inv.csv
	[ "$stderr" = "ra-threats: p/safeguards.yaml:2: safeguards[0].applies_to: no asset or category 'lapton' (did you mean 'laptop'?)" ]
	# A retired asset still counts as an asset.
	printf 'id,category,status\nlap-lei,laptop,retired\n' >x.csv
	printf 'safeguards:\n  - id: fde\n    applies_to: [lap-lei]\n    effectiveness: enforced\n' >p/safeguards.yaml
	run -0 ra-threats -C p x.csv
	[ "$output" = "$REGISTER_HEADER" ]
}

@test "a custom safeguard must say what it mitigates, with known ids" {
	mkdir p
	printf 'safeguards:\n  - id: fde\n    applies_to: all\n    effectiveness: enforced\n  - id: esu\n    applies_to: [lap-lee]\n    effectiveness: partial\n' >p/safeguards.yaml
	run -2 --separate-stderr ra-threats -C p inv.csv
	[ -z "$output" ]
	[ "$stderr" = "ra-threats: p/safeguards.yaml:5: safeguards[1]: 'esu' is not a catalog safeguard; say which vulnerabilities it mitigates (mitigates: [...])" ]
	printf '    mitigates: [unsupported-os, unpached]\n' >>p/safeguards.yaml
	run -2 --separate-stderr ra-threats -C p inv.csv
	[ "$stderr" = "ra-threats: p/safeguards.yaml:5: safeguards[1].mitigates: no vulnerability 'unpached' in the catalog (did you mean 'unpatched'?)" ]
}

@test "an inventory without an id or category column is refused" {
	printf 'name,category\nA,laptop\n' >x.csv
	run -2 --separate-stderr ra-threats x.csv
	[ -z "$output" ]
	[ "$stderr" = "ra-threats: x.csv:1: no 'id' column: expected an inventory (ra-inventory list)" ]
	printf 'id,name\na,A\n' | {
		run -2 --separate-stderr ra-threats
		[ "$stderr" = "ra-threats: <stdin>:1: no 'category' column: expected an inventory (ra-inventory list)" ]
	}
	run -2 --separate-stderr ra-threats </dev/null
	[ "$stderr" = "ra-threats: <stdin>: empty input: expected an inventory with a header row" ]
}

@test "an unknown category names file, line and column" {
	printf 'id,category\na,laptop\nb,toaster\n' >x.csv
	run -2 --separate-stderr ra-threats x.csv
	[ "$stderr" = "ra-threats: x.csv:3: category: unknown category 'toaster' (see ra-files(5) for the list)" ]
	printf 'id,category\na,lapton\n' >x.csv
	run -2 --separate-stderr ra-threats x.csv
	[ "$stderr" = "ra-threats: x.csv:2: category: unknown category 'lapton' (did you mean 'laptop'?)" ]
}

@test "a bad value, an empty id and a duplicate id are refused with their line" {
	printf 'id,category,encryption\na,laptop,maybe\n' >x.csv
	run -2 --separate-stderr ra-threats x.csv
	[ "$stderr" = "ra-threats: x.csv:2: encryption: expected yes, no, partial, unknown or n/a, got 'maybe'" ]
	printf 'id,category\n,laptop\n' >x.csv
	run -2 --separate-stderr ra-threats x.csv
	[ "$stderr" = "ra-threats: x.csv:2: id: an id is required" ]
	# Its risk_ids would repeat.
	printf 'id,category\na,laptop\nb,fax\na,mobile\n' >x.csv
	run -2 --separate-stderr ra-threats x.csv
	[ "$stderr" = "ra-threats: x.csv:4: id: duplicate id 'a'" ]
}

@test "malformed CSV is refused with its line" {
	printf 'id,category\n"a,laptop\n' >x.csv
	run -2 --separate-stderr ra-threats x.csv
	[[ "$stderr" == "ra-threats: x.csv:2: "*"unterminated"* ]]
	printf 'id,category\na,laptop\nb\n' >x.csv
	run -2 --separate-stderr ra-threats x.csv
	[ "$stderr" = "ra-threats: x.csv:3: expected 2 fields as in the header, found 1" ]
}

@test "--list prints each part of the catalog as CSV, with citations" {
	run -0 ra-threats --list categories
	[ "${lines[0]}" = "id,name,ephi,threats,vulnerabilities,cite" ]
	[ "${#lines[@]}" = 26 ]
	[[ "${lines[1]}" == "ehr,Electronic health record (EHR),yes,phishing;ransomware;"*",164.312(a)(1); 164.312(b); "* ]]
	run -0 ra-threats --list threats
	[ "${lines[0]}" = "id,name,source,hicp,likelihood,exposes,financial,downtime,disposal,retired,cite,description" ]
	[[ "${lines[1]}" == "phishing,"*",adversarial,1,high,yes,moderate,low,no,no,164.308(a)(5)(i); 164.308(a)(5)(ii)(B); 164.312(d),"* ]]
	run -0 ra-threats --list vulnerabilities
	[ "${lines[0]}" = "id,name,sra,threats,cite,remediation" ]
	[[ "$output" == *$'\nsra-v4-6,Inadequate use of encryption for ePHI,SRA-V4.6,vendor-breach;misconfiguration,164.312(a)(2)(iv); 164.312(e)(2)(ii),"'* ]]
	run -0 ra-threats --list safeguards
	[ "${lines[0]}" = "id,name,type,mitigates,cite,hicp" ]
	[[ "$output" == *$'\nfde,Full-disk encryption enforced and recovery keys escrowed,technical,no-encryption;sra-v4-6,164.312(a)(2)(iv); 164.310(d)(1),2\n'* ]]
}

@test "--list refuses an unknown part" {
	run -2 --separate-stderr ra-threats --list rules
	[ -z "$output" ]
	[ "$stderr" = "ra-threats: --list: expected categories, threats, vulnerabilities or safeguards, got 'rules'" ]
	# Refused before -o is opened: no stray temporary file.
	run -2 --separate-stderr ra-threats --list rules -o out.csv
	[ -z "$(ls -A | grep '^\.out')" ] && [ ! -e out.csv ]
}

@test "-C naming no directory is an error, not a run on defaults" {
	run -2 --separate-stderr ra-threats -C nowhere inv.csv
	[ -z "$output" ]
	[ "$stderr" = "ra-threats: nowhere: no such directory" ]
}

@test "a practice's catalog.yaml adds entries and overrides built-in ones" {
	mkdir p
	cat >p/catalog.yaml <<'YAML'
threats:
  - id: drone
    name: A drone films the front desk
    source: adversarial
    likelihood: very-low
    exposes: true
    financial: low
    downtime: none
    cite: ["164.310(a)(1)"]
vulnerabilities:
  - id: no-screen-lock
    name: Phone unlocks without a passcode
    threats: [theft-loss, insider-accidental, drone]
    cite: ["164.312(a)(2)(iii)"]
    remediation: [Require a six-digit passcode on every phone through MDM.]
categories:
  - id: laptop
    name: Laptop
    threats: [drone]
    vulnerabilities: [no-screen-lock]
YAML
	ra-threats -C p --list threats >t.csv
	grep -qx 'drone,A drone films the front desk,adversarial,,very-low,yes,low,none,no,no,164.310(a)(1),' t.csv
	run -0 ra-threats -C p --list vulnerabilities
	[[ "$output" == *$'\nno-screen-lock,Phone unlocks without a passcode,,theft-loss;insider-accidental;drone,'* ]]
	# The laptop now has exactly the local category's pair.
	run -0 ra-threats -C p inv.csv
	[ "${lines[1]%%,*}" = lap-lee/drone/no-screen-lock ]
	[[ "${lines[1]}" == *",drone,A drone films the front desk,no-screen-lock,Phone unlocks without a passcode,unverified,,none" ]]
	[[ "${lines[2]}" == fax-1/* ]]
}

@test "--catalog FILE replaces DIR/catalog.yaml" {
	mkdir p
	printf 'threat:\n  - id: x\n' >p/catalog.yaml
	printf 'threats:\n  - id: phishing\n    name: Phishing, locally\n    source: adversarial\n    likelihood: very-high\n    exposes: true\n    financial: high\n    downtime: low\n    cite: ["164.308(a)(5)(i)"]\n' >local.yaml
	run -0 --separate-stderr ra-threats -C p --catalog local.yaml --list threats
	[[ "${lines[1]}" == "phishing,\"Phishing, locally\",adversarial,,very-high,"* ]]
	run -2 --separate-stderr ra-threats --catalog nothere.yaml inv.csv
	[ "$stderr" = "ra-threats: nothere.yaml: no such file" ]
}

@test "a bad catalog.yaml names file and line, and nothing is written" {
	mkdir p
	printf 'threat:\n  - id: x\n' >p/catalog.yaml
	run -2 --separate-stderr ra-threats -C p inv.csv
	[ -z "$output" ]
	[ "$stderr" = "ra-threats: p/catalog.yaml:1: unknown key 'threat' (did you mean 'threats'?)" ]
	run -2 --separate-stderr ra-threats -C p --list threats
	[ "$stderr" = "ra-threats: p/catalog.yaml:1: unknown key 'threat' (did you mean 'threats'?)" ]
	printf 'threats:\n  - id: x\n    name: X\n    source: alien\n    cite: ["164.308(a)(1)"]\n' >bad.yaml
	run -2 --separate-stderr ra-threats --catalog bad.yaml inv.csv
	[ "$stderr" = "ra-threats: bad.yaml:4: threats[0].source: expected adversarial, accidental, structural or environmental, got 'alien'" ]
	printf 'vulnerabilities:\n  - id: v\n    name: V\n    threats: [meteor]\n    cite: ["164.308(a)(1)"]\n    remediation: [Do a thing that is concrete enough.]\n' >bad.yaml
	run -2 --separate-stderr ra-threats --catalog bad.yaml inv.csv
	[ "$stderr" = "ra-threats: bad.yaml:2: v: no threat 'meteor' in the catalog" ]
}

@test "--date is accepted and changes nothing" {
	ra-threats inv.csv >a.csv
	ra-threats --date 2020-01-01 inv.csv >b.csv
	cmp a.csv b.csv
}

# Golden registers: regenerate with tests/golden/regen.sh and review the diff.
golden() {
	ra-threats -C "$RA_TOP/examples/$1" "$RA_TOP/examples/$1/inventory.csv" \
	    >actual.csv 2>err
	[ ! -s err ]
	cmp actual.csv "$RA_TOP/tests/golden/threats/$1.csv"
}

@test "golden: the register of examples/solo-family" {
	golden solo-family
}

@test "golden: the register of examples/pediatric-clinic" {
	golden pediatric-clinic
}

@test "golden: the register of examples/dental-group" {
	golden dental-group
}
