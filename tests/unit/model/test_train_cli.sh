#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# llmos-train's numeric options: a value that is not a number, NaN, an
# infinity or one out of range is refused with status 2 and a message
# naming the option and its range, before any trace is read. TAP.
set -u
. "$(dirname "$0")/../../lib/tap.sh"
bin=${BUILD:-build}/bin
[ -x "$bin/llmos-train" ] || tap_bail "$bin/llmos-train is built"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# option range bad-values...
while read -r opt range bad; do
	for v in $bad; do
		tap_expect "$opt $v is refused" 2 \
			"llmos-train: $opt needs a number in $range" \
			"$bin/llmos-train" train --traces "$tmp/none" --abi raw \
			-o "$tmp/m.llmos" "$opt" "$v"
	done
done <<'LIST'
--lr 0..1000 nan -nan inf -1 1001 x 1e
--weight-decay 0..1 nan 2 -0.5
--dropout 0..0.9 nan 0.95
--held-out 0..0.9 nan 1
--steps 1..1e+12 nan 0 1.5e12
--temperature 0.05..100 nan 0.01
--alpha 0..1 nan 1.5
LIST
tap_done
