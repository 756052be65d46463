#!/usr/bin/env python3
"""bench/agree.py: check that the comparators computed what ra-score did.

usage: agree.py RA_SCORE_OUT OTHER_OUT...

Every output must have the register's rows in the same order with the
same input cells, and the same likelihood for every row (ra-score's
derived likelihood column; the comparators' likelihood column).  Exits 1
naming the first difference."""
import csv
import sys


def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        rd = csv.reader(f)
        header = next(rd)
        lk = header.index("likelihood")
        n = header.index("serial") + 1      # the input columns
        for row in rd:
            yield row[:n], row[lk]


def main():
    ours = sys.argv[1]
    status = 0
    for other in sys.argv[2:]:
        count = 0
        for (a, la), (b, lb) in zip(rows(ours), rows(other)):
            count += 1
            if a != b or la != lb:
                print("%s: row %d differs from %s: %r %s / %r %s" % (
                    other, count, ours, a[0], la, b[0], lb))
                status = 1
                break
        else:
            print("agree: %s and %s: %d rows, same cells and likelihood"
                  % (ours.split("/")[-1], other.split("/")[-1], count))
    sys.exit(status)


if __name__ == "__main__":
    main()
