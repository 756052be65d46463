#!/usr/bin/env bats
# ra-score: every option and every error it names, on small hand-written
# registers.

load helper

setup() {
	common_setup
	write r.csv <<'EOF'
risk_id,asset_id,asset_name,records,criticality,threat_id,vulnerability_id,vulnerability_status,safeguards,effectiveness,serial
ehr/ransomware/unpatched,ehr,"EHR, ""cloud""",14000,high,ransomware,unpatched,present,,none,A1
laptop-1/theft-loss/no-encryption,laptop-1,Laptop,,,theft-loss,no-encryption,unverified,disk-encryption,enforced,
email/phishing/no-mfa,email,Email,300,medium,phishing,no-mfa,absent,mfa;training,partial,=2
EOF
}

HEADER="risk_id,asset_id,asset_name,records,criticality,threat_id,vulnerability_id,vulnerability_status,safeguards,effectiveness,serial,likelihood,impact,risk,score,basis"
ROW1='ehr/ransomware/unpatched,ehr,"EHR, ""cloud""",14000,high,ransomware,unpatched,present,,none,A1,high,very-high,high,20,"likelihood high: ransomware base moderate, unpatched present +1, no safeguard; impact very-high: 14000 records and downtime high +1 for criticality high; risk high"'
ROW2='laptop-1/theft-loss/no-encryption,laptop-1,Laptop,,,theft-loss,no-encryption,unverified,disk-encryption,enforced,,very-low,high,low,4,"likelihood very-low: theft-loss base moderate, no-encryption unverified +1, safeguard disk-encryption enforced -3; impact high: records not known, counted as 500 or more; risk low"'
ROW3="email/phishing/no-mfa,email,Email,300,medium,phishing,no-mfa,absent,mfa;training,partial,'=2,low,moderate,low,6,\"likelihood low: phishing base high, no-mfa absent, safeguards mfa;training partial -2; impact moderate: 300 records and financial moderate; risk low\""

@test "--help prints the synopsis on stdout and exits 0" {
	run -0 --separate-stderr ra-score --help
	[ "${lines[0]}" = "usage: ra-score [-C DIR] [--matrix default|nist|FILE] [--explain] [--min LEVEL] [-o FILE] [--date YYYY-MM-DD] [FILE]" ]
	[ "${lines[1]}" = "       ra-score --help | --version" ]
	[ -z "$stderr" ]
}

@test "--version prints the version" {
	run -0 ra-score --version
	[[ "$output" =~ ^ra-score\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
}

@test "two operands, or an unknown option, are usage errors with status 2" {
	run -2 --separate-stderr ra-score r.csv r.csv
	[ -z "$output" ]
	[[ "${stderr_lines[0]}" == "usage: ra-score "* ]]
	run -2 --separate-stderr ra-score --frobnicate r.csv
	[ -z "$output" ]
	[[ "$stderr" == *"usage: ra-score "* ]]
}

@test "scores every row: columns appended, unknown columns kept, cells guarded" {
	run -0 --separate-stderr ra-score r.csv
	[ -z "$stderr" ]
	[ "${#lines[@]}" = 4 ]
	[ "${lines[0]}" = "$HEADER" ]
	[ "${lines[1]}" = "$ROW1" ]
	[ "${lines[2]}" = "$ROW2" ]
	[ "${lines[3]}" = "$ROW3" ]
}

@test "reads stdin, with - or no operand, and CRLF line ends" {
	sed 's/$/\r/' r.csv >crlf.csv
	run -0 ra-score <crlf.csv
	[ "${lines[1]}" = "$ROW1" ]
	run -0 ra-score - <r.csv
	[ "${lines[3]}" = "$ROW3" ]
}

@test "its own output scores to the same bytes; an edited level is the assessor's" {
	ra-score r.csv >once.csv
	ra-score once.csv >twice.csv
	cmp once.csv twice.csv
	# What the basis accounts for is derived again; an edit is not.
	sed '2s/,high,very-high,high,20,"likelihood high:/,low,very-high,high,20,"likelihood high:/' once.csv >edited.csv
	run -0 ra-score edited.csv
	[[ "${lines[1]}" == *',A1,low,very-high,medium,10,likelihood low: set by the assessor; impact very-high: 14000 records and downtime high +1 for criticality high; risk medium' ]]
	[[ "${lines[1]}" != *"impact very-high: set by the assessor"* ]]
}

@test "a row's own likelihood or impact is kept, and the basis says so" {
	write a.csv <<'EOF'
risk_id,likelihood,asset_id,threat_id,vulnerability_id,impact,risk
x/phishing/v,very-high,x,phishing,v,,
y/phishing/v,,y,phishing,v,very-low,
EOF
	run -0 ra-score a.csv
	[ "${lines[0]}" = "risk_id,likelihood,asset_id,threat_id,vulnerability_id,impact,risk,score,basis" ]
	[ "${lines[1]}" = 'x/phishing/v,very-high,x,phishing,v,high,high,20,"likelihood very-high: set by the assessor; impact high: records not known, counted as 500 or more; risk high"' ]
	[ "${lines[2]}" = 'y/phishing/v,very-high,y,phishing,v,very-low,low,5,"likelihood very-high: phishing base high, v status not given, counted as unverified +1, no safeguard; impact very-low: set by the assessor; risk low"' ]
}

@test "--explain prints each row's derivation" {
	run -0 ra-score --explain r.csv
	[ "${lines[0]}" = "matrix default: NIST SP 800-30 Rev. 1 Table I-2, collapsed to low, medium and high" ]
	[ "${lines[1]}" = "levels: very-low 0, low 1, moderate 2, high 3, very-high 4" ]
	[ "${lines[2]}" = "risk levels, lowest first: low (plan low), medium (plan medium), high (plan high)" ]
	[ "${lines[3]}" = "r.csv:2: ehr/ransomware/unpatched" ]
	[ "${lines[4]}" = "  likelihood high (3)" ]
	[ "${lines[5]}" = "    threat ransomware base likelihood: moderate (2)" ]
	[ "${lines[6]}" = "    vulnerability unpatched: present +1" ]
	[ "${lines[7]}" = "    safeguards: none listed, effectiveness none +0" ]
	[ "${lines[8]}" = "    2 + 1 + 0 = 3: high (3)" ]
	[ "${lines[9]}" = "  impact very-high (4), the highest of:" ]
	[ "${lines[10]}" = "    records: 14000 (10,000 or more): very-high (4)" ]
	[ "${lines[11]}" = "    financial: threat ransomware: high (3)" ]
	[ "${lines[12]}" = "    operational: downtime high (3) + 1 for criticality high = 4: very-high (4)" ]
	[ "${lines[13]}" = "  risk high: matrix default at likelihood high, impact very-high (plan level high)" ]
	[ "${lines[14]}" = "  score 20 = (3 + 1) x (4 + 1)" ]
	[[ "${lines[15]}" == "  basis: likelihood high: ransomware base moderate,"* ]]
	[ "${lines[16]}" = "r.csv:3: laptop-1/theft-loss/no-encryption" ]
	[[ "$output" == *"    2 + 1 - 3 = 0: very-low (0)"* ]]
	[[ "$output" == *"    records: not known, counted as 500 or more: high (3)"* ]]
}

@test "--min keeps the rows at or above a level" {
	run -0 ra-score --min high r.csv
	[ "${#lines[@]}" = 2 ]
	[ "${lines[1]}" = "$ROW1" ]
	run -0 ra-score --min low r.csv
	[ "${#lines[@]}" = 4 ]
	run -0 ra-score --explain --min high r.csv
	[[ "$output" == *"r.csv:2: "* ]]
	[[ "$output" != *"r.csv:3: "* ]]
}

@test "--min with a five-level matrix takes its levels, and low, medium, high" {
	run -0 ra-score --matrix nist --min very-high r.csv
	[ "${#lines[@]}" = 2 ]
	[[ "${lines[1]}" == *",A1,high,very-high,very-high,20,"*"; risk very-high\"" ]]
	run -0 ra-score --matrix nist --min medium r.csv
	[ "${#lines[@]}" = 2 ]
}

@test "--min refuses an unknown level" {
	run -2 --separate-stderr ra-score --min hgih r.csv
	[ -z "$output" ]
	[ "$stderr" = "ra-score: --min: unknown level 'hgih' (expected low, medium or high)" ]
	run -2 --separate-stderr ra-score --matrix nist --min severe r.csv
	[ "$stderr" = "ra-score: --min: unknown level 'severe' (expected very-low, low, moderate, high or very-high)" ]
}

@test "--matrix nist speaks the five levels of Table I-2" {
	run -0 ra-score --matrix nist r.csv
	[[ "${lines[1]}" == *",high,very-high,very-high,20,"* ]]
	[[ "${lines[2]}" == *",very-low,high,low,4,"* ]]
	[[ "${lines[3]}" == *",low,moderate,low,6,"* ]]
}

@test "--matrix FILE loads a matrix of its own" {
	write two.yaml <<'EOF'
name: two
risk: [ok, act]
grid:
  very-high: [ok, ok, act, act, act]
  high:      [ok, ok, act, act, act]
  moderate:  [ok, ok, ok, act, act]
  low:       [ok, ok, ok, ok, act]
  very-low:  [ok, ok, ok, ok, ok]
collapse: {ok: low, act: high}
EOF
	run -0 ra-score --matrix two.yaml --min act r.csv
	[ "${#lines[@]}" = 2 ]
	[[ "${lines[1]}" == *",high,very-high,act,20,"*"; risk act\"" ]]
}

@test "a matrix with a missing cell, an unknown level or a decreasing grid is refused" {
	write bad.yaml <<'EOF'
risk: [low, medium, high]
grid:
  very-high: [low, low, medium, high, high]
  high:      [low, low, medium, high]
  moderate:  [low, low, medium, medium, high]
  low:       [low, low, low, low, medium]
  very-low:  [low, low, low, low, low]
collapse: {low: low, medium: medium, high: high}
EOF
	run -2 --separate-stderr ra-score --matrix bad.yaml r.csv
	[ -z "$output" ]
	[ "$stderr" = "ra-score: bad.yaml:4: grid.high: expected 5 risk levels, one for each impact level from very-low to very-high, found 4" ]
	sed -i 's/  high:      \[low, low, medium, high\]/  high:      [low, low, meduim, high, high]/' bad.yaml
	run -2 --separate-stderr ra-score --matrix bad.yaml r.csv
	[ "$stderr" = "ra-score: bad.yaml:4: grid.high[2]: unknown level 'meduim' (expected low, medium or high)" ]
	sed -i 's/meduim, high, high\]/low, high, high]/' bad.yaml
	run -2 --separate-stderr ra-score --matrix bad.yaml r.csv
	[ "$stderr" = "ra-score: bad.yaml:4: grid.high[2]: 'low' is lower than 'medium' at likelihood moderate: risk must not decrease as likelihood increases" ]
	run -2 --separate-stderr ra-score --matrix nothere.yaml r.csv
	[ "$stderr" = "ra-score: nothere.yaml: no such file" ]
}

@test "-C DIR: practice.yaml's matrix, then DIR/matrix.yaml, then the default" {
	new_practice
	run -0 ra-score -C p r.csv
	[[ "${lines[1]}" == *",high,very-high,high,20,"* ]]
	sed -i 's/^matrix: default/matrix: nist/' p/practice.yaml
	run -0 ra-score -C p r.csv
	[[ "${lines[1]}" == *",high,very-high,very-high,20,"* ]]
	# --matrix wins over practice.yaml.
	run -0 ra-score -C p --matrix default r.csv
	[[ "${lines[1]}" == *",high,very-high,high,20,"* ]]
	# A file named in practice.yaml is relative to DIR.
	sed 's/^name: nist/name: mine/' "$RA_TOP/lib/matrices/nist.yaml" >p/mine.yaml
	sed -i 's/^matrix: nist/matrix: mine.yaml/' p/practice.yaml
	run -0 ra-score -C p --explain r.csv
	[[ "${lines[0]}" == "matrix mine: "* ]]
	# practice.yaml says default (as init writes it): DIR/matrix.yaml.
	sed -i 's/^matrix: mine.yaml/matrix: default/' p/practice.yaml
	mv p/mine.yaml p/matrix.yaml
	run -0 ra-score -C p --explain r.csv
	[[ "${lines[0]}" == "matrix mine: "* ]]
}

@test "-C DIR: a bad practice.yaml matrix file names the file" {
	new_practice
	sed -i 's/^matrix: default/matrix: gone.yaml/' p/practice.yaml
	run -2 --separate-stderr ra-score -C p r.csv
	[ "$stderr" = "ra-score: p/gone.yaml: no such file" ]
}

@test "-C DIR: the practice's catalog.yaml adds threats" {
	mkdir q
	write q/catalog.yaml <<'EOF'
threats:
  - id: drone
    name: A drone films the front desk
    source: adversarial
    likelihood: very-low
    exposes: true
    financial: low
    downtime: none
    cite: ["164.310(a)(1)"]
EOF
	write d.csv <<'EOF'
risk_id,asset_id,threat_id,vulnerability_id,records
desk/drone/v,desk,drone,v,0
EOF
	run -2 --separate-stderr ra-score d.csv
	[ "$stderr" = "ra-score: d.csv:2: threat_id: no threat 'drone' in the catalog" ]
	run -0 ra-score -C q d.csv
	[ "${lines[1]}" = 'desk/drone/v,desk,drone,v,0,low,low,low,4,"likelihood low: drone base very-low, v status not given, counted as unverified +1, no safeguard; impact low: financial low; risk low"' ]
}

@test "-o FILE replaces the file atomically, and leaves it alone on error" {
	echo old >out.csv
	run -0 --separate-stderr ra-score -o out.csv r.csv
	[ -z "$output" ]
	[ "$(sed -n 2p out.csv)" = "$ROW1" ]
	cp out.csv before.csv
	printf 'risk_id,asset_id,threat_id,vulnerability_id,impact\na,a,phishing,v,hgih\n' >bad.csv
	run -2 --separate-stderr ra-score -o out.csv bad.csv
	cmp out.csv before.csv
	[ "$(ls -A | grep -c '^\.out\.csv')" = 0 ]
	# In place, through -o.
	run -0 ra-score -o r.csv r.csv
	[ "$(sed -n 1p r.csv)" = "$HEADER" ]
}

@test "a missing key column is named, at line 1" {
	for c in risk_id asset_id threat_id vulnerability_id; do
		sed "1s/$c/x_$c/" r.csv >m.csv
		run -2 --separate-stderr ra-score m.csv
		[ -z "$output" ]
		[ "$stderr" = "ra-score: m.csv:1: no '$c' column" ]
	done
}

@test "an unknown level names file, line and column" {
	write l.csv <<'EOF'
risk_id,asset_id,threat_id,vulnerability_id,likelihood,impact
a/phishing/v,a,phishing,v,,

b/phishing/v,b,phishing,v,high,hgih
EOF
	run -2 --separate-stderr ra-score l.csv
	[ "$stderr" = "ra-score: l.csv:4: impact: unknown level 'hgih'" ]
	# It streams: rows before the error may have gone out (-o does not).
	[[ "$output" != *"b/phishing/v"* ]]
	run -2 --separate-stderr ra-score <l.csv
	[ "$stderr" = "ra-score: <stdin>:4: impact: unknown level 'hgih'" ]
}

@test "bad values in the register are named" {
	printf 'risk_id,asset_id,threat_id,vulnerability_id,vulnerability_status\na,a,phishing,v,maybe\n' >s.csv
	run -2 --separate-stderr ra-score s.csv
	[ "$stderr" = "ra-score: s.csv:2: vulnerability_status: expected present, unverified or absent, got 'maybe'" ]
	printf 'risk_id,asset_id,threat_id,vulnerability_id,effectiveness\na,a,phishing,v,full\n' >s.csv
	run -2 --separate-stderr ra-score s.csv
	[ "$stderr" = "ra-score: s.csv:2: effectiveness: expected none, documented, partial or enforced, got 'full'" ]
	printf 'risk_id,asset_id,threat_id,vulnerability_id,records\na,a,phishing,v,lots\n' >s.csv
	run -2 --separate-stderr ra-score s.csv
	[ "$stderr" = "ra-score: s.csv:2: records: expected a whole number, got 'lots'" ]
	printf 'risk_id,asset_id,threat_id,vulnerability_id,criticality\na,a,phishing,v,vital\n' >s.csv
	run -2 --separate-stderr ra-score s.csv
	[ "$stderr" = "ra-score: s.csv:2: criticality: expected low, medium or high, got 'vital'" ]
	printf 'risk_id,asset_id,threat_id,vulnerability_id\na,a,,v\n' >s.csv
	run -2 --separate-stderr ra-score s.csv
	[ "$stderr" = "ra-score: s.csv:2: threat_id: empty value" ]
	printf 'risk_id,asset_id,threat_id,vulnerability_id\na,a,phishing\n' >s.csv
	run -2 --separate-stderr ra-score s.csv
	[ "$stderr" = "ra-score: s.csv:2: expected 4 fields as in the header, found 3" ]
}

@test "empty input and an unreadable file are errors" {
	run -2 --separate-stderr ra-score </dev/null
	[ "$stderr" = "ra-score: <stdin>: empty input: expected a register with a header line" ]
	run -2 --separate-stderr ra-score nothere.csv
	[[ "$stderr" == "ra-score: nothere.csv: "* ]]
}

@test "--date is checked, and does not change the scores" {
	run -0 ra-score --date 2030-01-01 r.csv
	[ "${lines[1]}" = "$ROW1" ]
	run -2 --separate-stderr ra-score --date 2030-13-01 r.csv
	[[ "$stderr" == "ra-score: --date: "* ]]
}

@test "a header-only register gives a header-only register" {
	head -n 1 r.csv >h.csv
	run -0 ra-score h.csv
	[ "$output" = "$HEADER" ]
}

@test "ra-score does not link libgit2" {
	bin=$(command -v ra-score)
	if [ "$(head -c 4 "$bin" | od -An -c | tr -d ' ')" != '177ELF' ]; then
		skip "ra-score is wrapped (valgrind run)"
	fi
	run -0 ldd "$bin"
	[[ "$output" != *libgit2* ]]
}

# Golden scored registers: the whole pipeline on each example practice,
# with its own matrix (the dental group's is nist).  Regenerate with
# tests/golden/regen.sh and review the diff.
golden() {
	local x=$RA_TOP/examples/$1
	set -o pipefail
	ra-inventory -C "$x" list | ra-threats -C "$x" | ra-score -C "$x" \
	    >actual.csv 2>err
	[ ! -s err ]
	cmp actual.csv "$RA_TOP/tests/golden/score/$1.csv"
}

@test "golden: the scored register of examples/solo-family" {
	golden solo-family
}

@test "golden: the scored register of examples/pediatric-clinic" {
	golden pediatric-clinic
}

@test "golden: the scored register of examples/dental-group" {
	golden dental-group
}

@test "-C naming no directory is an error, not a run on defaults" {
	run -2 --separate-stderr ra-score -C nowhere r.csv
	[ -z "$output" ]
	[ "$stderr" = "ra-score: nowhere: no such directory" ]
}
