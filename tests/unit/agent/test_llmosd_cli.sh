#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# llmosd's command line, run on the host in replay mode only (no probes,
# no device): --max-procs refuses a value outside 1..4194304, --threshold
# one that is not a finite number of nats, 0 or more, with status 2 and a
# message naming the option and the range; SIGTERM ends a replay of a
# pipe that stays open and idle at once, with status 0 (and the statistics
# of what was replayed). TAP.
set -u
. "$(dirname "$0")/../../lib/tap.sh"
bin=${BUILD:-build}/bin
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for p in llmosd llmosctl; do
	[ -x "$bin/$p" ] || tap_bail "$bin/$p is built"
done
"$bin/llmosctl" trace synth --procs 4 --syscalls 400 --seed 1 \
	-o "$tmp/t.trace" >/dev/null 2>&1 || tap_bail "a trace to replay"

range="give a number from 1 to 4194304 (the kernel's largest pid_max)"
for n in 0 4194305 1073741824 1073741825 4294967295 4294967296 x; do
	tap_expect "--max-procs $n is refused" 2 "llmosd: --max-procs $n: $range" \
		"$bin/llmosd" --no-model --no-sched --replay "$tmp/t.trace" \
		--max-procs "$n"
done
for n in 1 4194304; do
	tap_expect "--max-procs $n is taken" 0 "" "$bin/llmosd" --no-model \
		--no-sched --replay "$tmp/t.trace" --max-procs "$n"
done
for t in inf INF nan -1 -0.5 1e39 x 2x ""; do
	tap_expect "--threshold '$t' is refused" 2 \
		"llmosd: --threshold $t: give a finite number of nats, 0 or more" \
		"$bin/llmosd" --no-sched --replay "$tmp/t.trace" --threshold "$t"
done
for t in 0 3.5 1e6; do
	tap_expect "--threshold $t is taken" 0 "" "$bin/llmosd" --no-sched \
		--replay "$tmp/t.trace" --threshold "$t"
done

# stopped NAME BYTES: llmosd replays the first BYTES bytes of the trace
# from a pipe that stays open, gets SIGTERM and must exit within 2 s.
stopped() {
	name=$1 bytes=$2
	rm -f "$tmp/fifo"
	mkfifo "$tmp/fifo"
	"$bin/llmosd" --no-model --no-sched --stats --replay - \
		<"$tmp/fifo" >"$tmp/out" 2>"$tmp/err" &
	pid=$!
	exec 3>"$tmp/fifo"
	head -c "$bytes" "$tmp/t.trace" >&3
	# Time to install the handlers and read what there is.
	sleep 0.5
	kill -TERM "$pid"
	i=0
	while kill -0 "$pid" 2>/dev/null && [ "$i" -lt 20 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	if kill -0 "$pid" 2>/dev/null; then
		kill -KILL "$pid"
		wait "$pid"
		exec 3>&-
		tap_fail "$name: exits within 2 s of SIGTERM"
		return 1
	fi
	wait "$pid"
	rc=$?
	exec 3>&-
	if [ "$rc" -eq 0 ] && grep -q 'stopping on signal' "$tmp/err"; then
		tap_pass "$name: exits within 2 s of SIGTERM, status 0"
	else
		tap_fail "$name: exits within 2 s of SIGTERM, status 0" \
			"exit $rc, stderr: $(cat "$tmp/err")"
	fi
}

# Everything but the end record (8 bytes of header, 8 of count): every
# event is replayed, as from the whole file.
"$bin/llmosd" --no-model --no-sched --stats --replay "$tmp/t.trace" \
	>"$tmp/all" 2>/dev/null || tap_bail "a replay of the whole trace"
size=$(wc -c <"$tmp/t.trace")
if stopped "replay of an idle pipe" $((size - 16)); then
	tap_equal "the statistics of what was replayed" \
		"$(grep '^events ' "$tmp/out")" "$(grep '^events ' "$tmp/all")"
fi
stopped "a pipe idle before the header" 0

tap_done
