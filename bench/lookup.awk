# bench/lookup.awk: the comparators' computation in gawk: for each register
# row, the threat's base likelihood (threats.csv) and the likelihood
# ra-score derives from it, appended as two columns.  Fields may be quoted
# with commas and doubled quotes inside (no newlines); CRLF is accepted.
# usage: gawk -f lookup.awk threats.csv register.csv
BEGIN {
	FPAT = "([^,]*)|(\"([^\"]|\"\")*\")"
	split("very-low low moderate high very-high", name, " ")
	step["documented"] = -1; step["partial"] = -2; step["enforced"] = -3
}
{ sub(/\r$/, "") }
FNR == NR { if (FNR > 1) { split($0, t, ","); base[t[1]] = t[2] } next }
FNR == 1 {
	for (i = 1; i <= NF; i++) col[$i] = i
	print $0 ",base,likelihood"
	next
}
{
	b = base[$col["threat_id"]]
	l = b + ($col["vulnerability_status"] == "absent" ? 0 : 1) + \
	    step[$col["effectiveness"]]
	l = l < 0 ? 0 : l > 4 ? 4 : l
	print $0 "," name[b + 1] "," name[l + 1]
}
