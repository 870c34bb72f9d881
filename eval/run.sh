#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make eval: the public-benchmark evaluation (Documentation/evaluation.md).
# Splits ADFA-LD, trains and scores the llmos transformer through
# llmos-train (cached in $BUILD/eval/ by recipe), runs the baselines, prints
# the tables and writes $BUILD/eval/json/public.json, merged with any other
# $BUILD/eval/json/*.json into $BUILD/eval.json. Called by eval/eval.mk with:
#   BUILD ADFA_DIR UNM_DIR EVAL_BIN LLMOS_TRAIN EVAL_SEED
#   EVAL_CALIB_FRAC EVAL_TRAIN_OPTS EVAL_SCORE_OPTS EVAL_JOBS EVAL_MODEL
#   EVAL_UNM EVAL_UNM_TRANSFORMER EVAL_UNM_TRAIN_OPTS EVAL_REQUIRE_MODEL
#   EVAL_BACKWARD EVAL_BACKWARD_MODEL
set -u

B=${BUILD:-build}
out=$B/eval
LLMOS_TRAIN=${LLMOS_TRAIN:-$B/bin/llmos-train}
EVAL_SEED=${EVAL_SEED:-1}
EVAL_CALIB_FRAC=${EVAL_CALIB_FRAC:-0.3}
EVAL_TRAIN_OPTS=${EVAL_TRAIN_OPTS:-}
EVAL_SCORE_OPTS=${EVAL_SCORE_OPTS:-}
EVAL_JOBS=${EVAL_JOBS:-2}
EVAL_MODEL=${EVAL_MODEL:-}
EVAL_UNM=${EVAL_UNM:-1}
EVAL_UNM_TRANSFORMER=${EVAL_UNM_TRANSFORMER:-0}
EVAL_UNM_TRAIN_OPTS=${EVAL_UNM_TRAIN_OPTS:-$EVAL_TRAIN_OPTS}
EVAL_REQUIRE_MODEL=${EVAL_REQUIRE_MODEL:-0}
EVAL_BACKWARD=${EVAL_BACKWARD:-1}
EVAL_BACKWARD_MODEL=${EVAL_BACKWARD_MODEL:-}

EXPECT="llmos-train train --traces DIR... --abi i386 -o MODEL [options] and
      llmos-train score --model MODEL --abi i386 FILE... printing one line per
      file: the path as given, a space, the score (higher = more anomalous)"

if [ ! -d "${ADFA_DIR:-}/Training_Data_Master" ] ||
   [ ! -d "$ADFA_DIR/Validation_Data_Master" ] ||
   [ ! -d "$ADFA_DIR/Attack_Data_Master" ]; then
	echo "eval: ADFA-LD not found at '${ADFA_DIR:-}'." >&2
	echo "eval: set ADFA_DIR to the data set (../shared/data/adfa-ld beside the checkout; see ../shared/README.md)." >&2
	exit 2
fi
mkdir -p "$out/adfa" "$out/json" || exit 1
"$EVAL_BIN" split --adfa "$ADFA_DIR" --seed "$EVAL_SEED" \
	--calib-frac "$EVAL_CALIB_FRAC" --out "$out/adfa" || exit 1

key_of() {
	sha256sum | cut -c1-16
}

missing=
# Why the transformer row is missing, or nothing when llmos-train looks
# usable: it must have built (eval.mk's eval-llmos-train), have a score
# command and know --abi i386.
check_trainer() {
	if [ -e "$out/llmos-train.broken" ]; then
		missing="llmos-train does not build (see $out/build-llmos-train.log)"
		return
	fi
	if [ ! -x "$LLMOS_TRAIN" ]; then
		missing="$LLMOS_TRAIN is not built"
		return
	fi
	help=$("$LLMOS_TRAIN" --help 2>&1)
	if ! printf '%s\n' "$help" | grep -Eq '^[[:space:]]*score([[:space:]]|$)'; then
		missing="llmos-train has no 'score' command yet"
	elif ! printf '%s\n' "$help" | grep -q 'i386'; then
		missing="llmos-train does not list --abi i386 in --help yet"
	fi
}

# train_model TRACES_DIR OPTS LABEL: set $trained to the cached or new
# model's path, or $failed to why there is none. The cache key covers the
# recipe, the llmos-train binary and the training data.
train_model() {
	dir=$1
	opts=$2
	label=$3
	k=$( { echo "recipe: train --traces $dir --abi i386 $opts";
		sha256sum <"$LLMOS_TRAIN";
		find "$dir" -type f | LC_ALL=C sort | xargs -d '\n' cat |
			sha256sum; } | key_of)
	trained=$out/$label-$k.llmos
	if [ -s "$trained" ]; then
		echo "eval: $label: reusing $trained (same recipe and llmos-train)" >&2
		return 0
	fi
	echo "eval: $label: training: llmos-train train --traces $dir --abi i386 $opts (log: $out/$label-$k.train.log)" >&2
	# shellcheck disable=SC2086
	if ! "$LLMOS_TRAIN" train --traces "$dir" --abi i386 \
			-o "$out/$label-$k.tmp.llmos" $opts \
			>"$out/$label-$k.train.log" 2>&1; then
		tail -n 5 "$out/$label-$k.train.log" | sed 's/^/eval:   /' >&2
		failed="llmos-train train failed (see $out/$label-$k.train.log)"
		return 1
	fi
	mv "$out/$label-$k.tmp.llmos" "$trained"
}

# score_files MODEL LIST OUT [BACKWARD_MODEL]: scores of the files in LIST,
# cached by model(s); on failure $failed says why. The list is scored in
# EVAL_JOBS parts at once (one process each), joined in list order.
score_files() {
	model=$1
	list=$2
	dest=$3
	opts=$EVAL_SCORE_OPTS
	[ -n "${4:-}" ] && opts="$opts --backward $4"
	k=$( { sha256sum <"$model"; sha256sum <"$list";
		[ -n "${4:-}" ] && sha256sum <"$4";
		echo "score $EVAL_SCORE_OPTS"; } | key_of)
	if [ -s "$dest.$k" ]; then
		cp "$dest.$k" "$dest"
		return 0
	fi
	echo "eval: scoring $(wc -l <"$list") files with $model${4:+ and $4} ($EVAL_JOBS jobs)" >&2
	rm -f "$dest.part."*
	if ! split -n "l/$EVAL_JOBS" -d -a 3 "$list" "$dest.part."; then
		failed="cannot split $list"
		return 1
	fi
	pids=
	for part in "$dest.part."[0-9][0-9][0-9]; do
		# shellcheck disable=SC2086
		xargs -r -d '\n' -n 500 "$LLMOS_TRAIN" score --model "$model" \
			--abi i386 $opts <"$part" >"$part.out" \
			2>"$part.log" &
		pids="$pids $!"
	done
	rc=0
	for pid in $pids; do
		wait "$pid" || rc=1
	done
	cat "$dest.part."[0-9][0-9][0-9].log >"$dest.log"
	if [ $rc -ne 0 ]; then
		tail -n 5 "$dest.log" | sed 's/^/eval:   /' >&2
		failed="llmos-train score failed (see $dest.log)"
		rm -f "$dest.part."*
		return 1
	fi
	cat "$dest.part."[0-9][0-9][0-9].out >"$dest.tmp"
	rm -f "$dest.part."*
	mv "$dest.tmp" "$dest.$k" && cp "$dest.$k" "$dest"
}

rm -f "$out/adfa/scores.txt"
check_trainer
if [ -z "$missing" ]; then
	failed=
	backward=
	if [ -n "$EVAL_MODEL" ]; then
		trained=$EVAL_MODEL
		[ -s "$trained" ] || failed="EVAL_MODEL=$trained: no such file"
		backward=$EVAL_BACKWARD_MODEL
		[ -z "$backward" ] || [ -s "$backward" ] ||
			failed="EVAL_BACKWARD_MODEL=$backward: no such file"
	else
		# The backward model (same recipe, reversed traces) first:
		# train_model leaves the forward one in $trained.
		if [ "$EVAL_BACKWARD" = 1 ] &&
		   train_model "$ADFA_DIR/Training_Data_Master" \
				"$EVAL_TRAIN_OPTS --reverse" adfa-bwd-model; then
			backward=$trained
		fi
		[ -z "$failed" ] &&
			train_model "$ADFA_DIR/Training_Data_Master" \
				"$EVAL_TRAIN_OPTS" adfa-model
	fi
	if [ -z "$failed" ]; then
		cat "$out/adfa/calib.list" "$out/adfa/test.list" \
			>"$out/adfa/score.list"
		score_files "$trained" "$out/adfa/score.list" \
			"$out/adfa/scores.txt" "$backward"
	fi
	missing=$failed
fi

unm_args=
if [ "$EVAL_UNM" = 1 ] && [ -d "${UNM_DIR:-}" ]; then
	rm -rf "$out/unm"
	if "$EVAL_BIN" unm-export --unm "$UNM_DIR" --seed "$EVAL_SEED" \
			--out "$out/unm"; then
		unm_args="--unm $UNM_DIR --unm-out $out/unm"
		if [ -z "$missing" ] && [ "$EVAL_UNM_TRANSFORMER" = 1 ]; then
			for set in login ps inetd; do
				failed=
				find "$out/unm/$set/test" -type f | sort \
					>"$out/unm/$set/score.list"
				train_model "$out/unm/$set/train" \
					"$EVAL_UNM_TRAIN_OPTS" "unm-$set-model" &&
				score_files "$trained" \
					"$out/unm/$set/score.list" \
					"$out/unm/$set/scores.txt"
				[ -n "$failed" ] &&
					echo "eval: UNM $set: $failed" >&2
			done
		fi
	fi
elif [ "$EVAL_UNM" = 1 ]; then
	echo "eval: UNM sets not found at '${UNM_DIR:-}': skipping them" >&2
fi

score_arg=
if [ -z "$missing" ] && [ -s "$out/adfa/scores.txt" ]; then
	score_arg="--scores $out/adfa/scores.txt"
fi
# shellcheck disable=SC2086
"$EVAL_BIN" report --adfa "$ADFA_DIR" --seed "$EVAL_SEED" \
	--calib-frac "$EVAL_CALIB_FRAC" $score_arg $unm_args \
	--transformer-missing "${missing:-llmos-train gave no scores}" \
	--json "$out/json/public.json"
rc=$?
[ $rc -ne 0 ] && exit $rc
# Other evaluations (the live attacks) may add their own JSON beside ours.
scripts/merge-json.sh "$out/json" "$B/eval.json" >/dev/null || exit 1
echo
echo "eval: figures in $B/eval.json"
if [ -n "$missing" ]; then
	echo "eval: the llmos transformer row is missing: $missing"
	echo "eval: the harness runs: $EXPECT"
	[ "$EVAL_REQUIRE_MODEL" = 1 ] && exit 1
fi
exit 0
