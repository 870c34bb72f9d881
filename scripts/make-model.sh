#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Make the shipped model model/default.llmos from scratch (`make model`):
#
#   make-model.sh [--no-record] [-o OUT]
#
# 1. boots the test kernel and records the normal workload with
#    llmosd --no-device --record (tests/vm/bench/80-anomaly-record.sh):
#    training and held-out seeds, traces carried back on $LLMOS_OUT;
# 2. labels every process of both recordings with its scheduling class,
#    measured over its whole run (llmosctl trace label: self-supervised);
# 3. trains the transformer on the training recording and its labels
#    (llmos-train --sched-labels: the language model and the scheduling
#    head);
# 4. quantizes it to int8 and calibrates the alert threshold on the
#    held-out recording to the recipe's false positive rate, with the
#    scoring code of llmosd itself (llmos-anomaly calibrate).
#
# Everything comes from scripts/model-recipe.conf. --no-record reuses the
# traces of the previous run (build/model-work/traces).
set -eu
BUILD=${BUILD:-build}
out=model/default.llmos
record=1
while [ $# -gt 0 ]; do
	case $1 in
	--no-record) record=0; shift ;;
	-o) out=$2; shift 2 ;;
	*) echo "usage: make-model.sh [--no-record] [-o OUT]" >&2; exit 2 ;;
	esac
done
. scripts/model-recipe.conf
vmlinuz=$(sed -n 's/^VMLINUZ := //p' "$BUILD"/config.mk)
work=$BUILD/model-work
traces=$work/traces
mkdir -p "$work"

if [ $record -eq 1 ]; then
	echo "make-model: recording the normal workload in the test kernel"
	cp scripts/model-recipe.conf "$work/anomaly-record.conf"
	bins=$(ls "$BUILD"/bin/* "$BUILD"/tests/bin/* | tr '\n' ' ')
	tests/vm/mkinitramfs.sh "$work/initramfs.cpio.gz" kmod/llmos.ko \
		"$bins" "$work/anomaly-record.conf tests/vm/agent-lib.sh"
	rm -rf "$work/vm"
	BUILD=$work tests/vm/run.sh --suite bench --filter '80-anomaly-record' \
		"$vmlinuz" "$work/initramfs.cpio.gz"
	rm -rf "$traces"
	scripts/vm-files.sh "$work/vm/bench/out.log" "$traces"
fi
for t in train heldout; do
	[ -s "$traces/$t.trace" ] || { echo "make-model: no $traces/$t.trace" >&2; exit 1; }
done

echo "make-model: labelling the processes' scheduling classes"
for t in train heldout; do
	"$BUILD"/bin/llmosctl trace label "$traces/$t.trace" -o "$work/$t.labels"
done
echo "make-model: training"
# shellcheck disable=SC2086
"$BUILD"/bin/llmos-train train --traces "$traces/train.trace" \
	--sched-labels "$work/train.labels" \
	-o "$work/model.fp32" $MODEL_ARGS $TRAIN_ARGS
echo "make-model: quantizing and calibrating (FPR $FPR, margin $MARGIN)"
"$BUILD"/bin/llmos-anomaly calibrate --model "$work/model.fp32" --fpr "$FPR" \
	--margin "$MARGIN" --window "$WINDOW" -o "$out" "$traces/heldout.trace"
"$BUILD"/bin/llmos-train eval --model "$out" --traces "$traces/heldout.trace" \
	--sched-labels "$work/heldout.labels"
ls -l "$out"
