#!/bin/sh
# Run cmocka test programs with TAP output, one after another, from the
# repository root. Prints TAP, each program's results after a line
# "#-- program NAME"; exits non-zero if any program failed.
set -u
status=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for t in "$@"; do
	echo "#-- program $(basename "$t")"
	CMOCKA_MESSAGE_OUTPUT=TAP "$t" >"$out" 2>&1
	rc=$?
	cat "$out"
	if [ "$rc" -ne 0 ]; then
		status=1
		# A crash before any result still counts as a failure.
		grep -q '^not ok' "$out" || echo "not ok - $(basename "$t") exited with status $rc"
	fi
done
exit $status
