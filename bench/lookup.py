#!/usr/bin/env python3
"""bench/lookup.py: the comparators' computation with Python's csv module:
each register row with the threat's base likelihood and the likelihood
ra-score derives from it appended.
usage: lookup.py threats.csv [register.csv] > out.csv"""
import csv
import sys

NAMES = ["very-low", "low", "moderate", "high", "very-high"]
STEP = {"documented": -1, "partial": -2, "enforced": -3}

with open(sys.argv[1], newline="") as f:
    base = {r["id"]: int(r["likelihood"]) for r in csv.DictReader(f)}
src = sys.argv[2] if len(sys.argv) > 2 else sys.stdin.fileno()
rd = csv.reader(open(src, newline="", encoding="utf-8"))
wr = csv.writer(sys.stdout, lineterminator="\n")
header = next(rd)
t, s, e = (header.index(c) for c in
           ("threat_id", "vulnerability_status", "effectiveness"))
wr.writerow(header + ["base", "likelihood"])
for row in rd:
    b = base[row[t]]
    lk = b + (0 if row[s] == "absent" else 1) + STEP.get(row[e], 0)
    lk = 0 if lk < 0 else 4 if lk > 4 else lk
    row.append(NAMES[b])
    row.append(NAMES[lk])
    wr.writerow(row)
