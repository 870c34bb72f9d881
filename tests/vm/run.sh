#!/bin/sh
# Boot the test kernel under QEMU (TCG, 2 vCPUs) with the llmos initramfs,
# run one suite of guest scripts and report each as TAP. The guest's
# console goes to a log; a panic, an oops or a hang fails the run with a
# message naming the case that was running.
#
#   run.sh [--suite cases|bench|demo] [--filter 'GLOB...'] VMLINUZ INITRAMFS
#
# The guest's console, TAP and extra output ($LLMOS_OUT in the guest) are
# left in $BUILD/vm/SUITE/{console,tap,out}.log; with --suite demo the extra
# output is shown as it comes.
# $LLMOS_KERNEL_ARGS, if set, goes on the guest kernel's command line, for
# every boot (make's and the scripts'): `tsc=reliable clocksource=tsc`
# runs the guest on the TSC instead of the emulated HPET.
set -u

suite=cases
filter='*'
while [ $# -gt 2 ]; do
	case $1 in
	--suite) suite=$2; shift 2 ;;
	--filter) filter=$2; shift 2 ;;
	*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
if [ $# -ne 2 ]; then
	echo "usage: run.sh [--suite S] [--filter GLOB] VMLINUZ INITRAMFS" >&2
	exit 2
fi
kernel=$1
initrd=$2
here=$(dirname "$0")
keep=${BUILD:-build}/vm/$suite
mkdir -p "$keep"
# Private to this run, so that two runs at once do not mix.
dir=$(mktemp -d "$keep.XXXXXX")
trap 'cp "$dir"/*.log "$keep"/ 2>/dev/null; rm -rf "$dir"' EXIT
console=$dir/console.log
tap=$dir/tap.log
out=$dir/out.log
: >"$console"
: >"$tap"
: >"$out"

# The filter may hold several globs ("3* 80*"); the kernel command line
# splits at spaces, so the guest gets them separated by commas.
globs=$(echo "$filter" | tr ' ' ',')

# The whole run may take the sum of its cases' limits, plus the boot.
budget=120
set -f
for g in $filter; do
	set +f
	for f in "$here/$suite"/$g.sh; do
		[ -f "$f" ] || continue
		t=$(sed -n 's/^# timeout: *\([0-9]*\).*/\1/p' "$f" | head -n1)
		budget=$((budget + ${t:-60} + 5))
	done
done
set +f

# thread=single: with one host thread per vCPU, the kernel's live text
# patching (a tracepoint's static key, a BPF trampoline) while the other
# vCPU runs through the patched code sometimes livelocked both vCPUs in the
# int3 handler (soft lockups in 2 of 6 full runs); one TCG thread for both
# vCPUs has not.
timeout -s KILL "$budget" qemu-system-x86_64 \
	-accel tcg,thread=single -smp 2 -m 2048 -no-reboot -nodefaults -display none \
	-kernel "$kernel" -initrd "$initrd" \
	-append "console=ttyS0 loglevel=6 panic=-1 ${LLMOS_KERNEL_ARGS:+$LLMOS_KERNEL_ARGS }LLMOS_SUITE=$suite LLMOS_FILTER=$globs" \
	-serial "file:$console" -serial "file:$tap" -serial "file:$out" \
	</dev/null >"$dir/qemu.log" 2>&1 &
qemu=$!

tail -n +1 -f --pid="$qemu" "$tap" 2>/dev/null | tr -d '\r' | grep -v '^# guest done' &
shower=$!

# A stuck guest kernel cannot time its own cases out: when the TAP log has
# ended on "# running NAME (timeout Ns)" for N + 60 s, stop QEMU here.
(
	last=
	since=$(date +%s)
	while kill -0 "$qemu" 2>/dev/null; do
		sleep 5
		line=$(tail -n1 "$tap" | tr -d '\r')
		if [ "$line" != "$last" ]; then
			last=$line
			since=$(date +%s)
			continue
		fi
		limit=$(echo "$line" | sed -n 's/^# running .*(timeout \([0-9]*\)s)$/\1/p')
		if [ -n "$limit" ] && [ $(($(date +%s) - since)) -gt $((limit + 60)) ]; then
			echo "$limit" >"$dir/stalled"
			kill -TERM "$qemu"
			break
		fi
	done
) &
watcher=$!
if [ "$suite" = demo ]; then
	tail -n +1 -f --pid="$qemu" "$out" 2>/dev/null | tr -d '\r' &
fi
wait "$qemu"
rc=$?
kill "$watcher" 2>/dev/null
wait "$shower"
sleep 0.2

fail=0
running=$(tr -d '\r' <"$tap" | sed -n 's/^# running \([^ ]*\).*/\1/p' | tail -n1)
at_case() {
	# The case whose marker precedes the first line matching $1.
	tr -d '\r' <"$console" | awk -v pat="$1" '
		/llmos-case: / { sub(/.*llmos-case: /, ""); c = $0 }
		$0 ~ pat { print (c == "" ? "boot" : c); exit }'
}
if grep -q 'Kernel panic' "$console"; then
	line=$(tr -d '\r' <"$console" | grep -m1 -E 'Oops|BUG:|Kernel panic' | sed 's/^\[[ 0-9.]*\] //')
	echo "not ok - $(at_case 'Kernel panic') # guest panicked: $line"
	tr -d '\r' <"$console" | grep -B2 -A12 -m1 -E 'Oops|BUG:|Kernel panic' | sed 's/^/# /'
	fail=1
elif [ -f "$dir/stalled" ]; then
	echo "not ok - ${running:-boot} # guest stuck: no result within $(cat "$dir/stalled")s + 60s"
	tr -d '\r' <"$console" | grep -m3 -E 'soft lockup|rcu.*stall|blocked for more|BUG:' |
		sed 's/^/# console: /'
	tail -n 10 "$console" | tr -d '\r' | sed 's/^/# console: /'
	fail=1
elif [ "$rc" -eq 137 ]; then
	echo "not ok - ${running:-boot} # guest hung: no result within ${budget}s"
	tail -n 20 "$console" | tr -d '\r' | sed 's/^/# console: /'
	fail=1
elif ! grep -q '^# guest done' "$tap"; then
	echo "not ok - ${running:-boot} # guest stopped before the suite ended (qemu status $rc)"
	tail -n 20 "$console" | tr -d '\r' | sed 's/^/# console: /'
	cat "$dir/qemu.log" | sed 's/^/# qemu: /'
	fail=1
fi
grep -q '^not ok' "$tap" && fail=1
exit $fail
