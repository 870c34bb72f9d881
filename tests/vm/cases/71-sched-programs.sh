# timeout: 90
# The scheduling benchmark's programs work (short runs, sane output): the
# probe and the pooled percentiles agree, the hog and the I/O job count
# work and stop on their own or on SIGTERM, and the static rules renice
# the processes they name and no other.
set -eu
B=/llmos/bin

# The value of KEY in a line of key=value pairs.
field() {
	echo "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"
}

nice_of() {
	awk '{ print $19 }' "/proc/$1/stat"
}

# Waits until PID has exec'd COMM, so that a signal reaches COMM.
exec_wait() {
	until [ "$(cat "/proc/$1/comm" 2>/dev/null)" = "$2" ]; do
		sleep 0.1
	done
}

fail() {
	echo "$*"
	exit 1
}

# The probe: a small frame, so that it keeps up even under TCG.
units=$(field units_per_frame "$($B/sched-probe -c -f 1000)")
[ "$units" -gt 0 ] || fail "calibration gave $units units"
p=$($B/sched-probe -u "$units" -w 1 -d 1 -o samples)
echo "probe: $p"
frames=$(field frames "$p")
[ "$frames" -gt 0 ] || fail "no frame counted"
[ "$(field units "$p")" -eq $((frames * units)) ] ||
	fail "units != frames * units_per_frame"
[ "$(wc -l <samples)" -eq "$frames" ] || fail "samples != frames"
if [ "$(field p50_us "$p")" -gt "$(field p99_us "$p")" ] ||
   [ "$(field p99_us "$p")" -gt "$(field p999_us "$p")" ] ||
   [ "$(field p999_us "$p")" -gt "$(field max_us "$p")" ]; then
	fail "percentiles out of order"
fi
pooled=$($B/sched-pct <samples)
[ "$pooled" = "samples=$frames${p#*units_per_frame="$units"}" ] ||
	fail "sched-pct disagrees: $pooled"
if echo 12 x | $B/sched-pct >/dev/null 2>&1; then
	fail "sched-pct took a non-number"
fi

# The hog and the I/O job: by duration, and by SIGTERM.
h=$($B/sched-hog -d 1)
[ "$(field units "$h")" -gt 0 ] || fail "hog: $h"
$B/sched-hog >hog.out &
hog=$!
exec_wait "$hog" sched-hog
sleep 0.5
kill -TERM "$hog"
wait "$hog"
[ "$(field units "$(cat hog.out)")" -gt 0 ] ||
	fail "hog on SIGTERM: $(cat hog.out)"
io=$($B/sched-io -d 1)
[ "$(field kib "$io")" -gt 0 ] || fail "io: $io"
[ "$(field cpu_us "$io")" -gt 0 ] || fail "io: no CPU time: $io"
[ ! -e sched-io.dat ] || fail "sched-io left its file behind"

# The static rules: the hog gets nice 19 and idle I/O, the probe nothing.
$B/sched-hog >/dev/null &
hog=$!
$B/sched-probe -u 1 -d 0 >/dev/null &
probe=$!
$B/sched-static -i 100 /llmos/share/sched-static.rules >static.out &
static=$!
n=0
until [ "$(nice_of "$hog")" = 19 ]; do
	n=$((n + 1))
	[ "$n" -le 100 ] || fail "the hog's nice is $(nice_of "$hog"), not 19"
	sleep 0.1
done
/usr/bin/ionice -p "$hog" | grep -qx idle ||
	fail "hog I/O class: $(/usr/bin/ionice -p "$hog")"
[ "$(nice_of "$probe")" = 0 ] || fail "the probe was reniced"
kill -TERM "$static" "$hog" "$probe"
wait "$static"
[ "$(field changes "$(cat static.out)")" -eq 2 ] ||
	fail "static: $(cat static.out)"
if echo "sched-hog 20" >bad.rules && $B/sched-static bad.rules 2>/dev/null; then
	fail "sched-static took nice 20"
fi
