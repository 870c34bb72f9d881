# Demo, part 1: the module and its interfaces.
set -eu
{
	echo "== llmos demo on $(uname -sr), $(grep -c ^processor /proc/cpuinfo) vCPUs"
	echo "== insmod llmos.ko"
	insmod "$LLMOS_KO"
	grep '^llmos ' /proc/modules
	ls -l /dev/llmos
	echo "== /sys/kernel/llmos"
	for f in /sys/kernel/llmos/* /sys/kernel/llmos/stats/*; do
		[ -f "$f" ] && printf '%-40s %s\n' "$f" "$(cat "$f")"
	done
	rmmod llmos
	echo "== rmmod llmos: done"
} >"$LLMOS_OUT" 2>&1
