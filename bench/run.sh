#!/bin/sh
# bench/run.sh: ra-score against a bare libcsv loop, Python's csv module,
# Miller and gawk on one generated register (see bench/README.md).
#
# usage: BUILD=build BENCH_ROWS=1000000 BENCH_ROUNDS=3 sh bench/run.sh
#
# Each round runs ra-score and the bare C loop one after the other on the
# same file (paired), then, in the first BENCH_SLOW_ROUNDS rounds, Python,
# Miller and gawk.  It checks that every output agrees with ra-score's,
# then prints throughput, peak RSS, paired ratios (median) and start-up
# times.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$top/$BUILD ;; esac
rows=${BENCH_ROWS:-1000000}
rounds=${BENCH_ROUNDS:-3}
slow=${BENCH_SLOW_ROUNDS:-1}
out=$BUILD/bench
mkdir -p "$out"

for t in mlr gawk python3 hyperfine /usr/bin/time; do
	command -v "$t" >/dev/null || { echo "bench: $t is missing" >&2; exit 2; }
done

echo "== generating $rows rows"
python3 "$top/bench/gen.py" "$rows" "$out"
cat "$out/lookup.mlr" "$top/bench/lookup-tail.mlr" >"$out/lookup-all.mlr"
reg=$out/register.csv
size=$(wc -c <"$reg")
echo "register: $rows rows, $size bytes ($(awk "BEGIN { printf \"%.1f\", $size / 1e6 }") MB), CRLF, quoted names"

# run TOOL: one timed run; appends "tool microseconds maxrss_kb" to times.
run() {
	tool=$1
	case $tool in
	ra-score) set -- "$BUILD/bin/ra-score" "$reg" ;;
	bare) set -- "$BUILD/bench/bare" "$out/threats.csv" ;;
	python) set -- python3 "$top/bench/lookup.py" "$out/threats.csv" ;;
	mlr) set -- mlr --icsv --ocsv put -f "$out/lookup-all.mlr" "$reg" ;;
	gawk) set -- gawk -f "$top/bench/lookup.awk" "$out/threats.csv" "$reg" ;;
	esac
	# Freeing the last run's output is not part of this run's time.
	rm -f "$out/$tool.csv"
	sync
	start=$(date +%s%N)
	/usr/bin/time -f "%M" -o "$out/rss" "$@" <"$reg" >"$out/$tool.csv"
	end=$(date +%s%N)
	echo "$tool $(((end - start) / 1000)) $(cat "$out/rss")" \
	    >>"$out/times"
}

: >"$out/times"
i=1
while [ "$i" -le "$rounds" ]; do
	echo "== round $i"
	run ra-score
	run bare
	if [ "$i" -le "$slow" ]; then
		run python
		run mlr
		run gawk
	fi
	i=$((i + 1))
done

echo "== checking that the outputs agree"
python3 "$top/bench/agree.py" "$out/ra-score.csv" "$out/bare.csv" \
    "$out/python.csv" "$out/mlr.csv" "$out/gawk.csv"

echo "== start-up (a register of one row)"
head -n 2 "$reg" >"$out/one.csv"
hyperfine -N --warmup 20 --runs 300 --export-csv "$out/startup.csv" \
    -n ra-score "$BUILD/bin/ra-score $out/one.csv" \
    -n bare "$BUILD/bench/bare $out/threats.csv $out/one.csv" \
    -n python "python3 $top/bench/lookup.py $out/threats.csv $out/one.csv" \
    -n mlr "mlr --icsv --ocsv put -f $out/lookup-all.mlr $out/one.csv" \
    -n gawk "gawk -f $top/bench/lookup.awk $out/threats.csv $out/one.csv" \
    >/dev/null 2>&1 || echo "bench: hyperfine failed" >&2

echo "== results"
awk -v size="$size" -v rows="$rows" -v startup="$out/startup.csv" '
	{ n[$1]++; t[$1, n[$1]] = $2 / 1e6; if ($3 > rss[$1]) rss[$1] = $3 }
	function median(tool,    k, m, a, i, j, x) {
		m = n[tool]
		for (i = 1; i <= m; i++) a[i] = t[tool, i]
		for (i = 2; i <= m; i++)
			for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
				x = a[j]; a[j] = a[j - 1]; a[j - 1] = x
			}
		return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
	}
	function ratio(other,    i, m, a, j, k, x) {
		# paired: ra-score and other in the same round
		m = n[other] < n["ra-score"] ? n[other] : n["ra-score"]
		for (i = 1; i <= m; i++) a[i] = t["ra-score", i] / t[other, i]
		for (i = 2; i <= m; i++)
			for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
				x = a[j]; a[j] = a[j - 1]; a[j - 1] = x
			}
		return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
	}
	END {
		while ((getline line < startup) > 0) {
			split(line, f, ",")
			if (f[1] != "command") start[f[1]] = f[2] * 1000
		}
		printf "%-9s %9s %9s %12s %10s %14s %11s\n", "tool", "runs",
		    "median s", "MB/s", "rows/s", "ra-score/tool", "peak RSS"
		split("ra-score bare python mlr gawk", order, " ")
		for (k = 1; k <= 5; k++) {
			tool = order[k]
			if (!(tool in n)) continue
			s = median(tool)
			printf "%-9s %9d %9.3f %12.1f %10.0f %14.2f %8d KB\n",
			    tool, n[tool], s, size / 1e6 / s, rows / s,
			    ratio(tool), rss[tool]
		}
		printf "\nstart-up, mean of 300 runs on a one-row register:\n"
		for (k = 1; k <= 5; k++)
			if (order[k] in start)
				printf "%-9s %8.2f ms\n", order[k], start[order[k]]
	}' "$out/times"
