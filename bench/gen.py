#!/usr/bin/env python3
"""bench/gen.py: deterministic, realistic registers and inventories.

usage: gen.py ROWS OUTDIR [CATALOG]

Writes, in OUTDIR:
  register.csv   ROWS register rows as ra-threats writes them (SCORE.md
                 column order, one unknown inventory column), for many
                 practices, CRLF line ends, asset names with quoted commas
                 and doubled quotes; about 100 bytes a row
  inventory.csv  the inventories of the same practices, CRLF
  threats.csv    id,likelihood (0..4) of every built-in threat, for the
                 comparators' lookup
  lookup.mlr     the same table as a Miller map literal

The same ROWS give the same bytes (a fixed seed, no clock).
"""
import os
import random
import re
import sys

LEVELS = ["very-low", "low", "moderate", "high", "very-high"]
CATEGORIES = ["ehr", "email", "laptop", "workstation", "server", "mobile",
              "mfp", "backup", "network", "cloud-storage"]
OWNERS = ["Dr. Lee", "Office Mgr", "Dr. Patel", "IT (MSP)", "Billing"]
VENDORS = ["Epic", "Microsoft", "Dell", "Apple", "Ricoh", ""]
STATUS = ["present", "unverified", "absent"]
EFFECT = ["none", "documented", "partial", "enforced"]
SAFEGUARDS = ["", "mfa", "disk-encryption", "backup;restore-test",
              "training", "edr;patching"]
VULNS = ["no-mfa", "no-encryption", "unpatched", "weak-passwords",
         "no-backup", "shared-accounts", "sra-v4-5", "no-offboarding"]
NAMES = ['Dr. {} laptop', '"Front desk, room {}"', '"Exam ""{}"" PC"',
         'EHR {}', '"Fax, ""old"" {}"', 'Phone {}']


def threats(catalog):
    """(id, likelihood) of each threat in the catalog's threats section."""
    out, section, tid = [], None, None
    with open(catalog, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^([a-z]+):", line)
            if m:
                section = m.group(1)
                continue
            if section != "threats":
                continue
            m = re.match(r"^  - id: (\S+)", line)
            if m:
                tid = m.group(1)
            m = re.match(r"^    likelihood: (\S+)", line)
            if m and tid:
                out.append((tid, LEVELS.index(m.group(1))))
                tid = None
    return out


def main():
    rows = int(sys.argv[1])
    outdir = sys.argv[2]
    top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    catalog = sys.argv[3] if len(sys.argv) > 3 else os.path.join(
        top, "lib", "catalog", "catalog.yaml")
    table = threats(catalog)
    rnd = random.Random(20261204)
    os.makedirs(outdir, exist_ok=True)

    with open(os.path.join(outdir, "threats.csv"), "w", newline="") as f:
        f.write("id,likelihood\n")
        for tid, lk in table:
            f.write("%s,%d\n" % (tid, lk))
    with open(os.path.join(outdir, "lookup.mlr"), "w") as f:
        f.write("begin {\n  @base = {\n")
        f.write(",\n".join('    "%s": %d' % t for t in table))
        f.write("\n  };\n}\n")

    # Practices of 20 to 60 assets; each asset gets up to 24 rows.
    inv = open(os.path.join(outdir, "inventory.csv"), "w", newline="")
    reg = open(os.path.join(outdir, "register.csv"), "w", newline="")
    inv.write("id,name,category,owner,vendor,records,criticality,"
              "serial\r\n")
    reg.write("risk_id,asset_id,asset_name,category,location,owner,vendor,"
              "ephi,records,criticality,threat_id,threat_name,"
              "vulnerability_id,vulnerability_name,vulnerability_status,"
              "safeguards,effectiveness,serial\r\n")
    written, practice = 0, 0
    buf = []
    while written < rows:
        practice += 1
        for a in range(rnd.randint(20, 60)):
            if written >= rows:
                break
            aid = "p%d-a%d" % (practice, a)
            name = rnd.choice(NAMES).format(a)
            cat = rnd.choice(CATEGORIES)
            owner = rnd.choice(OWNERS)
            vendor = rnd.choice(VENDORS)
            records = rnd.choice(["", "0", "120", "900", "14000"])
            crit = rnd.choice(["", "low", "medium", "high"])
            serial = "SN%06d" % rnd.randint(0, 999999)
            inv.write("%s,%s,%s,%s,%s,%s,%s,%s\r\n" % (
                aid, name, cat, owner, vendor, records, crit, serial))
            for _ in range(rnd.randint(4, 24)):
                if written >= rows:
                    break
                tid = rnd.choice(table)[0]
                vid = rnd.choice(VULNS)
                buf.append(",".join([
                    "%s/%s/%s" % (aid, tid, vid), aid, name, cat, "main",
                    owner, vendor, "store", records, crit, tid,
                    tid.replace("-", " "), vid, vid.replace("-", " "),
                    rnd.choice(STATUS), rnd.choice(SAFEGUARDS),
                    rnd.choice(EFFECT), serial]) + "\r\n")
                written += 1
                if len(buf) >= 10000:
                    reg.write("".join(buf))
                    buf = []
    reg.write("".join(buf))
    reg.close()
    inv.close()


if __name__ == "__main__":
    main()
