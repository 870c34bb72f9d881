#!/bin/sh
# Run the scripts of one suite in the guest and report each as TAP on the
# second serial port (/dev/ttyS1). Output for the host, such as benchmark
# figures, goes to the third (/dev/ttyS2, $LLMOS_OUT).
#
#   guest-run.sh SUITE GLOB[,GLOB...]
suite=$1
tap=/dev/ttyS1
export LLMOS_OUT=/dev/ttyS2
export LLMOS_KO=/llmos/llmos.ko

# Kernel messages that mean the test kernel is unhealthy.
BAD='WARNING:|BUG:|Oops|Kernel panic|general protection fault|KASAN:|UBSAN:|possible circular locking|possible recursive locking|inconsistent lock state|INFO: task .* blocked|refcount_t:|list_(add|del) corruption|stack-protector'

# After an oops the kernel is not fit to test on (a module may be stuck
# half-loaded): the remaining cases fail at once, naming the culprit.
FATAL='BUG:|Oops|general protection fault|KASAN:'
oopsed=

n=0
dmesg -c >/dev/null
# The scripts matching any of the globs, in the globs' order.
scripts=
set -f
for glob in $(echo "$2" | tr ',' ' '); do
	set +f
	scripts="$scripts $(echo /llmos/suites/"$suite"/$glob.sh)"
	set -f
done
set +f
for script in $scripts; do
	[ -f "$script" ] || continue
	name=$(basename "$script" .sh)
	n=$((n + 1))
	if [ -n "$oopsed" ]; then
		echo "not ok $n - $name # not run: the kernel oopsed in $oopsed" >"$tap"
		continue
	fi
	limit=$(sed -n 's/^# timeout: *\([0-9]*\).*/\1/p' "$script" | head -n1)
	limit=${limit:-60}
	echo "# running $name (timeout ${limit}s)" >"$tap"
	echo "llmos-case: $name" >/dev/kmsg

	start=$(date +%s)
	dir=$(mktemp -d /tmp/case.XXXXXX)
	log=$dir.log
	# Its own session, so that whatever it left running can be killed.
	(cd "$dir" && exec timeout -s KILL "$limit" setsid sh "$script") \
		>"$log" 2>&1 &
	pid=$!
	wait "$pid"
	rc=$?
	kill -9 -- "-$pid" 2>/dev/null

	# Whatever a case leaves behind must not leak into the next one.
	if grep -q '^llmos ' /proc/modules; then
		rmmod llmos 2>>"$log" ||
			echo "harness: rmmod llmos failed after the case" >>"$log"
	fi
	bad=$(dmesg -c | grep -E "$BAD" | head -n 5)

	if [ -n "$bad" ]; then
		verdict="not ok $n - $name # kernel: $(echo "$bad" | head -n1 |
			sed 's/^\[[ 0-9.]*\] //')"
	elif [ "$rc" -eq 137 ] && [ $(($(date +%s) - start)) -ge "$limit" ]; then
		verdict="not ok $n - $name # timed out after ${limit}s"
	elif [ "$rc" -eq 77 ]; then
		verdict="ok $n - $name # SKIP $(tail -n1 "$log")"
	elif [ "$rc" -eq 0 ]; then
		verdict="ok $n - $name"
	else
		verdict="not ok $n - $name # exit status $rc"
	fi
	echo "$bad" | grep -q -E "$FATAL" && oopsed=$name
	case $verdict in
	"not ok"*)
		{
			tail -n 30 "$log" | sed 's/^/# /'
			[ -n "$bad" ] && echo "$bad" | sed 's/^/# dmesg: /'
		} >"$tap"
		;;
	esac
	echo "$verdict" >"$tap"
	rm -rf "$dir" "$log"
done
echo "1..$n" >"$tap"
echo "# guest done" >"$tap"
