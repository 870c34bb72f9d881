#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# tests/tap-results.awk, which make check's summary is built from: TAP from
# cmocka and from the sh tests, and KTAP from KUnit, each to the results a
# reader of the summary sees, skip reasons included. TAP.
set -u
here=$(dirname "$0")
. "$here/../../lib/tap.sh"
awk_file=$here/../../tap-results.awk

# check NAME INPUT WANT: the results of INPUT (printf format) are WANT.
check() {
	tap_equal "$1" "$(printf "$2" | awk -v stage="s: " -f "$awk_file")" \
		"$(printf "$3")"
}

check "passes and failures keep their names, without TAP directives" \
	'ok 1 - a\nnot ok 2 - b # exit status 1\n1..2\n' \
	'PASS s: a\nFAIL s: b'
check "a cmocka skip takes its reason from the diagnostic before it" \
	'#-- program test_x\nok 1 - a\n# no data here: skipping\nnot ok 2 # SKIP b\n' \
	'PASS s: test_x: a\nSKIP s: test_x: b # no data here: skipping'
check "a cmocka skip without a diagnostic says so" \
	'#-- program test_x\n# about a\nok 1 - a\nnot ok 2 # SKIP b\n' \
	'PASS s: test_x: a\nSKIP s: test_x: b # no reason given'
check "a diagnostic does not carry over to the next program" \
	'#-- program p1\n# p1 note\n#-- program p2\nnot ok 1 # SKIP b\n' \
	'SKIP s: p2: b # no reason given'
check "a TAP skip keeps its own reason" \
	'# ignored\nok 1 - 77-case # SKIP no cgroup2 hierarchy\n' \
	'SKIP s: 77-case # no cgroup2 hierarchy'
check "KTAP: the cases of a suite, not the suite" \
	'KTAP version 1\n1..1\n    # Subtest: llmos\n    1..2\n    ok 1 hint_bounds\n    # needs y\n    ok 2 alert_ring # SKIP needs y\nok 1 llmos\n' \
	'PASS s: hint_bounds\nSKIP s: alert_ring # needs y'
check "KTAP: a suite without cases that failed still fails" \
	'KTAP version 1\n1..1\n    # Subtest: llmos\nnot ok 1 llmos\n' \
	'FAIL s: llmos'

tap_done
