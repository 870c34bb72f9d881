#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# llmos-train's numeric options: a value that is not a number, NaN, an
# infinity or one out of range is refused with status 2 and a message
# naming the option and its range, before any trace is read; so is a
# distillation whose student would see more context than its teacher. TAP.
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

# A teacher of context 8, one step on one trace; the student's traces are
# never reached.
echo 1 2 3 4 5 6 7 8 9 10 11 12 >"$tmp/t.txt"
"$bin/llmos-train" train --traces "$tmp/t.txt" --abi raw -o "$tmp/teacher" \
	--steps 1 --context 8 --d-model 32 --d-ff 32 --heads 2 --layers 1 \
	--held-out 0 >/dev/null 2>&1 || tap_bail "a teacher to distill from"
tap_expect "distill --context 9 from a context-8 teacher is refused" 1 \
	"llmos-train: the student's context 9 is longer than the teacher's 8" \
	"$bin/llmos-train" distill --teacher "$tmp/teacher" \
	--traces "$tmp/none" --abi raw -o "$tmp/m.llmos" --context 9
tap_done
