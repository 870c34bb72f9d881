#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# llmos-anomaly's numeric options: --fpr, --margin and --window outside
# their ranges, NaN or not numbers are refused with status 2 and a message
# naming the option, the value and the range, before the model is read.
# TAP.
set -u
. "$(dirname "$0")/../../lib/tap.sh"
bin=${BUILD:-build}/bin
[ -x "$bin/llmos-anomaly" ] || tap_bail "$bin/llmos-anomaly is built"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

calibrate() {
	"$bin/llmos-anomaly" calibrate --model "$tmp/none.llmos" \
		-o "$tmp/out.llmos" "$@" "$tmp/none.trace"
}

for v in nan abc 1 -0.1 0.5x; do
	tap_expect "--fpr $v is refused" 2 \
		"llmos-anomaly: --fpr $v: give a number from 0 to below 1" \
		calibrate --fpr "$v"
done
for v in nan x 100 -1; do
	tap_expect "--margin $v is refused" 2 \
		"llmos-anomaly: --margin $v: give a number from 0 to below 100" \
		calibrate --margin "$v"
done
for v in 0 2.5 -3 129 abc; do
	tap_expect "--window $v is refused" 2 \
		"llmos-anomaly: --window $v: give a whole number of calls from 1 to 128" \
		calibrate --window "$v"
done
# In range, the values get as far as the model file.
tap_expect "--fpr 0.001 --margin 0.5 --window 128 are taken" 1 \
	"$tmp/none.llmos" calibrate --fpr 0.001 --margin 0.5 --window 128
tap_done
