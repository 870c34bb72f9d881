# Turn TAP or KTAP into one result a line: "PASS name", "FAIL name",
# "SKIP name # reason". A KTAP suite's own line counts only when it has no
# test cases under it (so a suite that failed to start is still a failure).
# Set stage= to name the stage; "#-- program NAME" lines (tests/run-unit.sh)
# add the program's name. cmocka writes "not ok N # SKIP name": the reason
# is then the diagnostic ("# ...") the test printed just before.
BEGIN { prefix = stage }
function indent(s) { match(s, /^ */); return RLENGTH / 4 }
function result(line, note,    ok, reason) {
	sub(/^ */, "", line)
	ok = (line !~ /^not ok/)
	sub(/^(not )?ok *[0-9]* *(- *)?/, "", line)
	reason = ""
	if (match(line, / *# *SKIP/)) {
		reason = substr(line, RSTART + RLENGTH)
		sub(/^ */, "", reason)
		line = substr(line, 1, RSTART - 1)
		if (line == "") {
			line = reason
			reason = note != "" ? note : "no reason given"
		}
		return "SKIP " prefix line " # " reason
	}
	sub(/ *#.*$/, "", line)
	return (ok ? "PASS " : "FAIL ") prefix line
}
/^#-- program / {
	prefix = stage $3 ": "
	note = ""
	next
}
/^ *# / {
	note = $0
	sub(/^ *# */, "", note)
	next
}
/^ *(not )?ok( |$)/ {
	d = indent($0)
	n = note
	note = ""
	if (d > 1)
		next
	if (d == 1) {
		print result($0, n)
		cases++
		next
	}
	if (cases == 0)
		print result($0, n)
	cases = 0
}
