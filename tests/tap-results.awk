# Turn TAP or KTAP into one result a line: "PASS name", "FAIL name",
# "SKIP name # reason". A KTAP suite's own line counts only when it has no
# test cases under it (so a suite that failed to start is still a failure).
# Set stage= to name the stage; "#-- program NAME" lines (tests/run-unit.sh)
# add the program's name.
BEGIN { prefix = stage }
function indent(s) { match(s, /^ */); return RLENGTH / 4 }
function result(line, depth,    ok, name, reason) {
	sub(/^ */, "", line)
	ok = (line !~ /^not ok/)
	sub(/^(not )?ok *[0-9]* *(- *)?/, "", line)
	reason = ""
	if (match(line, / *# *SKIP/)) {
		reason = substr(line, RSTART + RLENGTH)
		sub(/^ */, "", reason)
		line = substr(line, 1, RSTART - 1)
		if (line == "")
			line = reason
		return "SKIP " prefix line " # " reason
	}
	sub(/ *#.*$/, "", line)
	return (ok ? "PASS " : "FAIL ") prefix line
}
/^#-- program / {
	prefix = stage $3 ": "
	next
}
/^ *(not )?ok( |$)/ {
	d = indent($0)
	if (d > 1)
		next
	if (d == 1) {
		print result($0, d)
		cases++
		next
	}
	if (cases == 0)
		print result($0, d)
	cases = 0
}
