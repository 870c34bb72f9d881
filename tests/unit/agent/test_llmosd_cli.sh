#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# llmosd's command line, run on the host in replay mode only (no probes,
# no device): --max-procs refuses a value outside 1..4194304 with status 2
# and a message naming the option and the range. TAP.
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

# expect NAME STATUS MESSAGE ARGS...: llmosd ARGS exits with STATUS and its
# stderr holds MESSAGE (empty: anything).
expect() {
	name=$1 want=$2 msg=$3
	shift 3
	"$bin/llmosd" --no-model --no-sched "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" -eq "$want" ] &&
	   { [ -z "$msg" ] || grep -qF -- "$msg" "$tmp/err"; }; then
		tap_pass "$name"
	else
		tap_fail "$name" \
			"exit $rc (expected $want), stderr: $(cat "$tmp/err")"
	fi
}

range="give a number from 1 to 4194304 (the kernel's largest pid_max)"
for n in 0 4194305 1073741824 1073741825 4294967295 4294967296 x; do
	expect "--max-procs $n is refused" 2 "llmosd: --max-procs $n: $range" \
		--replay "$tmp/t.trace" --max-procs "$n"
done
for n in 1 4194304; do
	expect "--max-procs $n is taken" 0 "" --replay "$tmp/t.trace" \
		--max-procs "$n"
done

tap_done
