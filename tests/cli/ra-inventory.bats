#!/usr/bin/env bats
# ra-inventory: init, add, import, list, check, and every error they name.

load helper

setup() {
	common_setup
}

@test "--help prints the synopsis on stdout and exits 0" {
	run -0 --separate-stderr ra-inventory --help
	[[ "${lines[0]}" == "usage: ra-inventory init [--name NAME] [--id ID] [--date YYYY-MM-DD] DIR" ]]
	[[ "$output" == *"ra-inventory [-C DIR] check"* ]]
	[ -z "$stderr" ]
}

@test "--version prints the version" {
	run -0 ra-inventory --version
	[[ "$output" =~ ^ra-inventory\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
}

@test "no command is a usage error with status 2" {
	run -2 --separate-stderr ra-inventory
	[ -z "$output" ]
	[[ "$stderr" == usage:* ]]
}

@test "an unknown command is named" {
	run -2 --separate-stderr ra-inventory frobnicate
	[[ "${stderr_lines[0]}" == "ra-inventory: unknown command 'frobnicate'" ]]
}

@test "init creates the directory, its files and a git repository with one commit" {
	run -0 ra-inventory init --name "Sunrise Family Medicine" --id sunrise p
	[[ "$output" == "p: new practice sunrise, committed as "*" in a new repository" ]]
	[ -f p/practice.yaml ] && [ -f p/inventory.csv ] && [ -f p/safeguards.yaml ]
	grep -qx '\*.csv -text' p/.gitattributes
	grep -qx '/.ra.lock' p/.gitignore
	grep -qx 'id: sunrise' p/practice.yaml
	grep -qx 'name: Sunrise Family Medicine' p/practice.yaml
	[ "$(git -C p rev-list --count HEAD)" = 1 ]
	run -0 git -C p ls-tree --name-only HEAD
	[ "$output" = "$(printf '.gitattributes\n.gitignore\ninventory.csv\npractice.yaml\nsafeguards.yaml')" ]
	# Nothing is left uncommitted or stray.
	[ -z "$(git -C p status --porcelain)" ]
	# --date (here RA_DATE) makes the commit time reproducible.
	[ "$(git -C p log -1 --format=%ad --date=short)" = 2026-12-04 ]
}

@test "init's starter inventory has the assets nearly every practice has" {
	new_practice
	run -0 ra-inventory -C p list
	[ "${lines[0]}" = "id,name,category,location,owner,vendor,ephi,records,criticality,encryption,mfa,patched,backup,baa,status,notes" ]
	[ "${#lines[@]}" -ge 11 ]
	for c in ehr scheduling billing email cloud-storage workstation laptop mobile mfp network wifi backup; do
		grep -q ",$c," p/inventory.csv || { echo "missing $c"; false; }
	done
}

@test "init's files pass their own validation" {
	new_practice
	run -1 ra-inventory -C p check
	# The starter data is incomplete on purpose: findings, not errors.
	[[ "$output" == *"p/practice.yaml: security_official has no name"* ]]
	[[ "$output" == *"p/inventory.csv:2: ehr: has no owner"* ]]
}

@test "init derives the id from the directory name, making parents" {
	run -0 ra-inventory init "clinics/Oak Street/"
	grep -qx 'id: oak-street' "clinics/Oak Street/practice.yaml"
}

@test "init inside an existing repository commits there and never nests one" {
	git init -q mono
	git -C mono config user.email a@example.org
	git -C mono config user.name A
	echo staged >mono/other.txt
	git -C mono add other.txt
	mkdir -p mono/clinics
	run -0 ra-inventory init --id oak mono/clinics/oak
	[[ "$output" != *"new repository"* ]]
	[ ! -e mono/clinics/oak/.git ]
	run -0 git -C mono ls-tree -r --name-only HEAD
	[[ "$output" == *"clinics/oak/inventory.csv"* ]]
	[[ "$output" != *"other.txt"* ]]
	# The user's own staged change stays staged, uncommitted.
	run -0 git -C mono diff --cached --name-only
	[ "$output" = other.txt ]
}

@test "init refuses a directory that already holds a practice" {
	new_practice
	cp p/inventory.csv before.csv
	run -2 --separate-stderr ra-inventory init p
	[ "$stderr" = "ra-inventory: p/practice.yaml already exists; refusing to overwrite a compliance directory" ]
	cmp p/inventory.csv before.csv
}

@test "init refuses an id that is not a slug" {
	run -2 --separate-stderr ra-inventory init --id "Bad Id" x
	[[ "$stderr" == "ra-inventory: 'Bad Id' is not a usable practice id"* ]]
	[ ! -e x ]
}

@test "init rejects -C" {
	run -2 --separate-stderr ra-inventory -C q init p
	[ "$stderr" = "ra-inventory: init takes its directory as an operand, not -C" ]
}

@test "add appends a new asset with normalised values and defaults" {
	new_practice
	run -0 --separate-stderr ra-inventory -C p add --id laptop-dr-lee --category Notebook --name "Dr. Lee's laptop" encryption=N records=1,200 criticality=H "ephi=Store, Transmit"
	[ "$stderr" = "ra-inventory: added laptop-dr-lee in p/inventory.csv" ]
	run -0 ra-inventory -C p list --category laptop
	[ "${lines[2]}" = "laptop-dr-lee,Dr. Lee's laptop,laptop,,,,store;transmit,1200,high,no,unknown,unknown,unknown,unknown,active," ]
}

@test "add updates an existing asset and keeps its other values" {
	new_practice
	run -0 ra-inventory -C p add --id laptop-1 mfa=yes owner="Dr. Lee"
	run -0 ra-inventory -C p list --category laptop
	[[ "${lines[1]}" == "laptop-1,Provider laptop,laptop,,Dr. Lee,,create;receive;store;transmit,,medium,unknown,yes,"* ]]
}

@test "add keeps an extra column and can erase a value" {
	new_practice
	run -0 ra-inventory -C p add --id laptop-1 serial=ABC123 notes=
	run -0 ra-inventory -C p list --category laptop
	[[ "${lines[0]}" == *",notes,serial" ]]
	[[ "${lines[1]}" == *",active,,ABC123" ]]
}

@test "add refuses a bad value, naming the column, and writes nothing" {
	new_practice
	cp p/inventory.csv before.csv
	run -2 --separate-stderr ra-inventory -C p add --id laptop-1 encryption=maybe
	[ "$stderr" = "ra-inventory: encryption: expected yes, no, partial, unknown or n/a, got 'maybe'" ]
	cmp p/inventory.csv before.csv
}

@test "add suggests the column for a typo" {
	new_practice
	run -2 --separate-stderr ra-inventory -C p add --id laptop-1 encrypton=no
	[ "$stderr" = "ra-inventory: unknown column 'encrypton' (did you mean 'encryption'?)" ]
}

@test "add refuses an unknown category with a suggestion" {
	new_practice
	run -2 --separate-stderr ra-inventory -C p add --id x --category lapton --name X
	[ "$stderr" = "ra-inventory: category: unknown category 'lapton' (did you mean 'laptop'?)" ]
}

@test "add needs --category and --name for a new asset" {
	new_practice
	run -2 --separate-stderr ra-inventory -C p add --id new-thing
	[ "$stderr" = "ra-inventory: new-thing is a new asset: --category and --name are required" ]
}

@test "add refuses an id that is not a slug" {
	new_practice
	run -2 --separate-stderr ra-inventory -C p add --id "Front Desk" --category pc --name X
	[[ "$stderr" == "ra-inventory: --id: 'Front Desk' is not a valid id"* ]]
}

@test "add without a compliance directory says what is missing" {
	run -2 --separate-stderr ra-inventory -C nowhere add --id x --category pc --name X
	[[ "$stderr" == "ra-inventory: nowhere/inventory.csv: no such file"* || "$stderr" == "ra-inventory: nowhere: no such directory"* ]]
}

@test "a formula in a cell is neutralised on write and read back unchanged" {
	new_practice
	run -0 ra-inventory -C p add --id laptop-1 "notes==HYPERLINK(\"http://x\")"
	grep -q "'=HYPERLINK" p/inventory.csv
	run -0 ra-inventory -C p add --id laptop-1 owner=Ann
	run -0 ra-inventory -C p list -o out.csv
	[ "$(grep -c "''" out.csv)" = 0 ]
	grep -q ",\"'=HYPERLINK(\"\"http://x\"\")\"" out.csv
}

@test "import maps header aliases, values, BOM and CRLF, and merges by id" {
	new_practice
	printf '\xef\xbb\xbfAsset Tag,Device Name,Type,Encrypted?,# Patients,Contains PHI,Serial Number\r\nFD-02,"Front desk PC, left",Desktop,Yes,"2,400",Y,SN1\r\nlaptop-1,,,No,,,SN2\r\n' >export.csv
	run -0 --separate-stderr ra-inventory -C p import export.csv
	[ "$stderr" = "ra-inventory: imported 2 assets (1 added, 1 updated) into p/inventory.csv" ]
	run -0 ra-inventory -C p list
	[[ "${lines[0]}" == *",notes,Serial Number" ]]
	grep -q '^fd-02,"Front desk PC, left",workstation,,,,create;receive;store;transmit,2400,,yes,unknown,unknown,unknown,unknown,active,,SN1$' p/inventory.csv
	# An empty imported cell never erases: laptop-1 keeps its name.
	grep -q '^laptop-1,Provider laptop,laptop,.*,no,unknown,unknown,unknown,n/a,active,.*,SN2$' p/inventory.csv
}

@test "import makes ids from names when there is no id column" {
	new_practice
	printf 'Device Name,Type\nFront Desk PC #2,PC\n' | ra-inventory -C p import
	grep -q '^front-desk-pc-2,Front Desk PC #2,workstation,' p/inventory.csv
}

@test "import with a map file renames columns and values" {
	new_practice
	printf 'Workstation,Kind,Room #\nReception,Dell OptiPlex,Front\n' >x.csv
	cat >map.yaml <<'YAML'
columns:
  Workstation: name
  "Room #": location
values:
  category:
    Dell OptiPlex: workstation
YAML
	run -0 ra-inventory -C p import --map map.yaml x.csv
	grep -q '^reception,Reception,workstation,Front,' p/inventory.csv
}

@test "import refuses a bad map file with its line" {
	new_practice
	printf 'values:\n  colour:\n    a: b\n' >map.yaml
	run -2 --separate-stderr ra-inventory -C p import --map map.yaml /dev/null
	[ "$stderr" = "ra-inventory: map.yaml:2: values.colour: unknown column 'colour'" ]
}

@test "import refuses a duplicate id, naming both lines, and writes nothing" {
	new_practice
	cp p/inventory.csv before.csv
	printf 'id,name,category\nx1,A,pc\n\nx1,B,pc\n' >dup.csv
	run -2 --separate-stderr ra-inventory -C p import dup.csv
	[ "$stderr" = "ra-inventory: dup.csv:4: id: duplicate id 'x1' (first at line 2)" ]
	cmp p/inventory.csv before.csv
}

@test "import refuses an unknown category naming file, line and column" {
	new_practice
	printf 'Asset Tag,Device Name,Type\nA1,Toaster,Toaster\n' >bad.csv
	run -2 --separate-stderr ra-inventory -C p import bad.csv
	[ "$stderr" = "ra-inventory: bad.csv:2: Type (category): unknown category 'Toaster' (see ra-files(5) for the list)" ]
}

@test "import refuses a bad value naming the source column" {
	new_practice
	printf 'name,category,Encrypted?\nA,pc,maybe\n' >bad.csv
	run -2 --separate-stderr ra-inventory -C p import bad.csv
	[ "$stderr" = "ra-inventory: bad.csv:2: Encrypted? (encryption): expected yes, no, partial, unknown or n/a, got 'maybe'" ]
}

@test "import refuses malformed CSV with its line" {
	new_practice
	printf 'name,category\n"A,pc\n' >bad.csv
	run -2 --separate-stderr ra-inventory -C p import bad.csv
	[[ "$stderr" == "ra-inventory: bad.csv:2: "*"unterminated"* ]]
	printf 'name,category\nA,pc\nB\n' >ragged.csv
	run -2 --separate-stderr ra-inventory -C p import ragged.csv
	[[ "$stderr" == "ra-inventory: ragged.csv:3: "* ]]
}

@test "import refuses UTF-16 and tells how to save the file" {
	new_practice
	printf '\xff\xfen\x00a\x00m\x00e\x00\n\x00' >u16.csv
	run -2 --separate-stderr ra-inventory -C p import u16.csv
	[[ "$stderr" == *"UTF-16"*"CSV UTF-8"* ]]
}

@test "import needs an id or a name column, and a new asset a name and a category" {
	new_practice
	cp p/inventory.csv before.csv
	printf 'owner,notes\nAnn,x\n' >bad.csv
	run -2 --separate-stderr ra-inventory -C p import bad.csv
	[ "$stderr" = "ra-inventory: bad.csv:1: the header needs an id or a name column (found: owner...)" ]
	# Only what changes, for assets already there: fine.
	printf 'id,owner\nehr,Dr. Who\n' >update.csv
	run -0 --separate-stderr ra-inventory -C p import update.csv
	[ "$stderr" = "ra-inventory: imported 1 asset (0 added, 1 updated) into p/inventory.csv" ]
	grep -q '^ehr,Electronic health record,ehr,,Dr. Who,' p/inventory.csv
	# A new one without its category: refused, nothing written.
	cp p/inventory.csv before.csv
	printf 'id,owner\nehr,Dr. No\nnew-pc,Ann\n' >new.csv
	run -2 --separate-stderr ra-inventory -C p import new.csv
	[ "$stderr" = "ra-inventory: new.csv:3: name: a name is required" ]
	cmp p/inventory.csv before.csv
}

@test "a directory without an inventory gets no lock file, and a bad date is refused" {
	mkdir plain
	run -2 --separate-stderr ra-inventory -C plain add --id x --category pc --name X
	[[ "$stderr" == "ra-inventory: plain/inventory.csv: no such file"* ]]
	[ -z "$(ls -A plain)" ]
	run -2 --separate-stderr ra-inventory -C plain import /dev/null
	[ -z "$(ls -A plain)" ]
	new_practice
	run -2 --separate-stderr ra-inventory -C p list --date 2026-02-31
	[ "$stderr" = "ra-inventory: --date: expected a date YYYY-MM-DD, got '2026-02-31'" ]
	RA_DATE=soon run -2 --separate-stderr ra-inventory -C p check
	[ "$stderr" = "ra-inventory: RA_DATE: expected a date YYYY-MM-DD, got 'soon'" ]
}

@test "add trims the id it is given" {
	new_practice
	run -0 ra-inventory -C p add --id ' lap ' --category laptop --name L
	run -0 ra-inventory -C p add --id 'lap' owner=Ann
	run -0 ra-inventory -C p list --category laptop
	[[ "${lines[2]}" == "lap,L,laptop,,Ann,"* ]]
	[ "${#lines[@]}" = 3 ]
}

@test "a failed init takes back all it did: files, index, directories, lock" {
	git init -q msp
	git -C msp config user.email a@example.org
	git -C msp config user.name A
	echo x >msp/README
	git -C msp add README
	git -C msp commit -qm init
	for b in master main; do : >"msp/.git/refs/heads/$b.lock"; done
	run -2 --separate-stderr ra-inventory init msp/clinics/elm
	[[ "$stderr" == "ra-inventory: the git branch is locked"* ]]
	[ -z "$(git -C msp status --porcelain)" ]
	[ ! -e msp/clinics ]
}

@test "init adds the lock to an existing .gitignore, and init at once is refused" {
	mkdir p2
	echo '*.tmp' >p2/.gitignore
	run -0 ra-inventory init p2
	[ "$(cat p2/.gitignore)" = "$(printf '*.tmp\n/.ra.lock')" ]
	[ -z "$(git -C p2 status --porcelain)" ]
	run -2 --separate-stderr ra-inventory init p2
	[[ "$stderr" == *"p2/practice.yaml already exists"* ]]
	[ -z "$(git -C p2 status --porcelain)" ]
}

@test "import of an unreadable file fails with status 2" {
	new_practice
	run -2 --separate-stderr ra-inventory -C p import missing.csv
	[[ "$stderr" == "ra-inventory: missing.csv: No such file or directory" ]]
}

@test "list -o replaces the file atomically and --category filters" {
	new_practice
	echo old >out.csv
	run -0 ra-inventory -C p list --category wifi -o out.csv
	[ -z "$output" ]
	[ "$(wc -l <out.csv)" = 2 ]
	[ "$(ls -a | grep -c '^\.out\.csv\.')" = 0 ]
}

@test "list reads a hand-edited inventory and normalises it" {
	new_practice
	printf 'id,name,category,encryption,status\nx,X,Laptop,Y,In Use\n' >p/inventory.csv
	run -0 ra-inventory -C p list
	[ "${lines[1]}" = "x,X,laptop,,,,,,,yes,unknown,unknown,unknown,unknown,active," ]
}

@test "list names the line of a bad value in inventory.csv" {
	new_practice
	printf 'id,name,category,records\nx,X,laptop,about 20\n' >p/inventory.csv
	run -2 --separate-stderr ra-inventory -C p list
	[ "$stderr" = "ra-inventory: p/inventory.csv:2: records: expected a whole number of patients, got 'about 20'" ]
}

@test "check lists findings one per line and exits 1" {
	new_practice
	cat >p/inventory.csv <<'CSV'
id,name,category,location,owner,vendor,ephi,records,criticality,encryption,mfa,patched,backup,baa,status,notes
old-pc,Old PC,workstation,,Ann,,store,100,low,yes,yes,yes,yes,n/a,retired,
ok,Fine,laptop,,Ann,,store,10,low,yes,yes,yes,yes,n/a,active,
bill,Billing,billing,,Ann,Acme Billing,transmit,10,low,yes,yes,n/a,n/a,no,active,
CSV
	run -1 ra-inventory -C p check
	[[ "$output" == *"p/inventory.csv:2: old-pc: is retired but still stores ePHI: sanitize or dispose of it"* ]]
	[[ "$output" == *"p/inventory.csv:4: bill: vendor Acme Billing handles ePHI without a BAA"* ]]
	[[ "$output" != *":3: ok:"* ]]
	[[ "$output" == *"p/inventory.csv: lists no active location asset"* ]]
}

@test "check exits 0 on a complete directory" {
	new_practice
	cat >p/practice.yaml <<'YAML'
id: sunrise
name: Sunrise
locations:
  - name: Main
workforce: 4
security_official: {name: Ana}
privacy_official: {name: Ana}
assessor: {name: Sam}
YAML
	printf 'id,name,category,location,owner,vendor,ephi,records,criticality,encryption,mfa,patched,backup,baa,status,notes\nok,Fine,laptop,,Ann,,store,10,low,yes,yes,yes,yes,n/a,active,\nsite,Main,location,,Ann,,,,high,n/a,n/a,n/a,n/a,n/a,active,\n' >p/inventory.csv
	run -0 ra-inventory -C p check
	[ -z "$output" ]
}

@test "check refuses a bad practice.yaml with file, line and key" {
	new_practice
	printf 'id: sunrise\nname: S\nworkforce: many\n' >p/practice.yaml
	run -2 --separate-stderr ra-inventory -C p check
	[ "$stderr" = "ra-inventory: p/practice.yaml:3: workforce: expected a whole number from 0 to 100000, got 'many'" ]
	printf 'id: sunrise\nname: S\nreviwes: [3]\n' >p/practice.yaml
	run -2 --separate-stderr ra-inventory -C p check
	[ "$stderr" = "ra-inventory: p/practice.yaml:3: unknown key 'reviwes' (did you mean 'reviews'?)" ]
}

@test "check refuses a bad safeguards.yaml" {
	new_practice
	printf 'safeguards:\n  - id: mfa\n    applies_to: [email]\n    effectiveness: full\n' >p/safeguards.yaml
	run -2 --separate-stderr ra-inventory -C p check
	[ "$stderr" = "ra-inventory: p/safeguards.yaml:4: safeguards[0].effectiveness: expected none, documented, partial or enforced, got 'full'" ]
	printf 'safeguards:\n  - id: mfa\n    applies_to: [email]\n    effectiveness: partial\n  - id: mfa\n    applies_to: all\n    effectiveness: none\n' >p/safeguards.yaml
	run -2 --separate-stderr ra-inventory -C p check
	[ "$stderr" = "ra-inventory: p/safeguards.yaml:5: safeguards[1]: duplicate safeguard id 'mfa' (first at line 2)" ]
}

@test "two concurrent adds never lose an update" {
	new_practice
	for i in $(seq 1 8); do
		ra-inventory -C p add --id "pc-$i" --category pc --name "PC $i" 2>/dev/null &
	done
	wait
	for i in $(seq 1 8); do
		grep -q "^pc-$i," p/inventory.csv || { echo "lost pc-$i"; false; }
	done
}

@test "a bad --date is a usage error" {
	run -2 --separate-stderr ra-inventory init --date 2026-02-30 p
	[ "$stderr" = "ra-inventory: --date: expected a date YYYY-MM-DD, got '2026-02-30'" ]
}

@test "naughty strings survive as asset names, byte for byte" {
	f="$RA_SHARED/corpora/big-list-of-naughty-strings/blns.txt"
	[ -f "$f" ] || skip "corpora not present"
	new_practice
	n=0
	while IFS= read -r s; do
		case $s in '#'*|'') continue ;; esac
		n=$((n + 1))
		[ $n -le 150 ] || break
		ra-inventory -C p add --id "n$n" --category pc --name "$s" \
		    2>/dev/null || echo "n$n" >>refused
	done <"$f"
	# Only names that are blank once trimmed may be refused.
	[ "$(wc -l <refused 2>/dev/null || echo 0)" -lt 10 ]
	ra-inventory -C p list >a.csv
	[ "$(grep -c '^n[0-9]*,' a.csv)" -gt 140 ]
	# Read back and written again, the file does not change by one byte.
	cp a.csv p/inventory.csv
	ra-inventory -C p list >b.csv
	cmp a.csv b.csv
}
