# timeout: 1500
# Records the normal workload for the shipped model (scripts/make-model.sh,
# `make model`): llmosd --no-device --record traces the whole guest while
# normal-workload runs, once with training seeds and once with held-out
# seeds (for calibrating the alert threshold). Each trace is sent to the
# host on $LLMOS_OUT, gzipped and base64-encoded between the lines
#   llmos-file-begin NAME BYTES SHA256
#   llmos-file-end NAME
# (BYTES and SHA256 of the .gz), which scripts/vm-files.sh unpacks.
# Seeds and durations come from /llmos/share/anomaly-record.conf if present.
set -u
. /llmos/share/agent-lib.sh
out=${LLMOS_OUT:-/dev/null}
TRAIN_SEEDS="1 2 3 4 5 6 7 8"
HELDOUT_SEEDS="11 12 13 14"
SECONDS_EACH=20
[ -f /llmos/share/anomaly-record.conf ] && . /llmos/share/anomaly-record.conf

emit() {
	gzip -c "$1" >"$1.gz"
	echo "llmos-file-begin $1 $(wc -c <"$1.gz") $(sha256sum "$1.gz" | cut -d' ' -f1)" >"$out"
	base64 "$1.gz" >"$out"
	echo "llmos-file-end $1" >"$out"
}

# record NAME [--heldout] SEED...
record() {
	name=$1
	shift
	flag=
	if [ "$1" = --heldout ]; then
		flag=--heldout
		shift
	fi
	llmosd --no-device --record "$name.trace" >"$name.stats" 2>"$name.log" &
	agent=$!
	wait_attached "$name.log" "$agent" 600 || return 1
	for s in "$@"; do
		normal-workload --seed "$s" $flag "$SECONDS_EACH" >"$name.wl" 2>&1 ||
			{ echo "workload seed $s $flag failed:"; tail -n 3 "$name.wl"; }
	done
	sleep 1
	kill -TERM "$agent"
	wait "$agent" || { echo "llmosd failed"; cat "$name.log"; return 1; }
	ls -l "$name.trace"
	emit "$name.trace"
}

record train $TRAIN_SEEDS || exit 1
record heldout --heldout $HELDOUT_SEEDS || exit 1
