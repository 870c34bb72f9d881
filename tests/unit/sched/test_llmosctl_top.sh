#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# llmosctl top's command line: -n and -d outside their ranges are refused
# with status 2 and a message naming the option, the value and the range;
# accepted values get as far as reading the state file, whose absence is
# status 1 with a hint that llmosd is not running. TAP.
set -u
. "$(dirname "$0")/../../lib/tap.sh"
bin=${BUILD:-build}/bin
[ -x "$bin/llmosctl" ] || tap_bail "$bin/llmosctl is built"
missing=$(mktemp -u)

for n in 0 -1 x 1x '' 99999999999999999999; do
	tap_expect "-n '$n' is refused" 2 \
		"llmosctl: -n $n: give a whole number of iterations, at least 1" \
		"$bin/llmosctl" top -n "$n" --state "$missing"
done
for d in 0 0.05 3601 abc '' nan 1s; do
	tap_expect "-d '$d' is refused" 2 \
		"llmosctl: -d $d: give seconds from 0.1 to 3600" \
		"$bin/llmosctl" top -d "$d" -n 1 --state "$missing"
done
tap_expect "a stray argument is refused" 2 "usage: llmosctl top" \
	"$bin/llmosctl" top extra
for d in 0.1 3600; do
	tap_expect "-d $d is taken; no state file is status 1" 1 \
		"llmosctl: $missing: No such file or directory (is llmosd running?)" \
		"$bin/llmosctl" top -d "$d" -n 1 --state "$missing"
done
tap_done
