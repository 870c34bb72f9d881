# timeout: 600
# Issue 7's measured effect: response time of an interactive probe and the
# total work done beside six CPU hogs and an I/O job, on 2 vCPUs, under
# configurations interleaved in rounds (one boot, so that they share the
# machine's conditions):
#   none    nothing adjusts priorities
#   nice19  the hogs started under nice 19 by the user (the bound)
#   static  sched-static with the ananicy-style name list (the reference)
#   llmos   llmosd with its shipped model and the module (when built)
# Before the rounds, the probe runs once alone (idle), as a measure of the
# machine's own noise.
# Writes "key value" lines to $LLMOS_OUT (per-run details as "# " lines);
# tests/sched/report.sh turns them into JSON and a table on the host.
# Documentation/scheduling-bench.md explains the design.
set -u

ROUNDS=5
WARMUP=5
DURATION=10
HOGS=6
FRAME_US=5000
B=/llmos/bin
RULES=/llmos/share/sched-static.rules
. /llmos/share/sched-agent.sh

out() {
	echo "$*" >"$LLMOS_OUT"
}

# Centiseconds since boot.
uptime_cs() {
	awk '{ printf "%.0f\n", $1 * 100 }' /proc/uptime
}

# The machine's idle ticks (idle + iowait) and all ticks, summed over the
# CPUs, and the context switches since boot: "IDLE TOTAL CTXT".
cpu_counts() {
	awk '$1 == "cpu" { for (i = 2; i <= 9; i++) t += $i; idle = $5 + $6 }
		$1 == "ctxt" { c = $2 }
		END { print idle, t, c }' /proc/stat
}

# llmosd's CPU time so far (user + system, in USER_HZ = 100 ticks a second).
llmosd_ticks() {
	awk '{ print $14 + $15 }' "/proc/$LLMOSD_PID/stat"
}

# The value of KEY in a line of key=value pairs.
field() {
	echo "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"
}

# One run of configuration $1: the workload, the probe, the tallies.
run() {
	cfg=$1
	ctl=
	nice=
	case $cfg in
	nice19) nice="/usr/bin/nice -n 19" ;;
	static) $B/sched-static "$RULES" >static.out & ctl=$! ;;
	llmos) llmos_start >>llmos.err 2>&1 || return 1 ;;
	esac

	pids=
	i=0
	while [ "$i" -lt "$HOGS" ]; do
		$nice $B/sched-hog -w $WARMUP -d $DURATION >"hog.$i" &
		pids="$pids $!"
		i=$((i + 1))
	done
	$B/sched-io -w $WARMUP -d $DURATION >io.out &
	pids="$pids $!"
	# The nice values mid-run (hogs, the I/O job, the probe), for notes;
	# the guest's idle time and context switches over the counted span
	# (span: idle ticks, all ticks, switches, centiseconds), what the
	# scheduler did; for llmos also llmosd's CPU time over the span
	# (llmos.cpu: ticks and centiseconds of wall time, one line a run),
	# the part of the machine the agent took from the work.
	(
		sleep "$WARMUP"
		set -- $(cpu_counts)
		t0=$(uptime_cs)
		[ "$cfg" = llmos ] && c0=$(llmosd_ticks)
		sleep $((DURATION / 2))
		for p in $pids $(pidof sched-probe); do
			awk '{ printf "%s ", $19 }' "/proc/$p/stat"
		done >nices
		sleep $((DURATION - DURATION / 2))
		t1=$(uptime_cs)
		[ "$cfg" = llmos ] &&
			echo "$(($(llmosd_ticks) - c0)) $((t1 - t0))" >>llmos.cpu
		cpu_counts | awk -v i="$1" -v t="$2" -v c="$3" -v w=$((t1 - t0)) \
			'{ print $1 - i, $2 - t, $3 - c, w }' >span
	) &
	nicer=$!
	probe=$($B/sched-probe -u "$UNITS" -f $FRAME_US -w $WARMUP -d $DURATION \
		-o "samples.$cfg")
	wait $pids $nicer

	# An agent that did not run the whole run through fails it.
	rc=0
	case $cfg in
	static) kill -TERM "$ctl"; wait "$ctl" ;;
	llmos) llmos_stop || rc=$? ;;
	esac
	if [ "$rc" != 0 ]; then
		echo "llmosd exited with status $rc:" >>llmos.err
		tail -n 20 llmosd.log >>llmos.err
	fi

	hog=$(cat hog.* | sed -n 's/^units=//p' | awk '{ s += $1 } END { print s }')
	io=$(field kib "$(cat io.out)")
	set -- $(cat span)
	echo "$(field units "$probe") $hog $(field missed "$probe") $io $*" >>"tally.$cfg"
	span=$(awk -v i="$1" -v t="$2" -v c="$3" -v w="$4" 'BEGIN {
		printf "idle_pct=%.1f ctxt_per_s=%.0f", 100 * i / t, c * 100 / w }')
	out "# sched round=$round cfg=$cfg $probe hog_units=$hog io_kib=$io $span nices=$(tr ' ' , <nices)"
	echo "round $round $cfg: $probe hog_units=$hog io_kib=$io $span nices: $(cat nices)"
	return "$rc"
}

configs="none nice19 static"
if reason=$(llmos_missing); then
	out "# sched llmos skipped: $reason"
	echo "llmos skipped: $reason"
else
	configs="$configs llmos"
fi

# The clock behind every figure (LLMOS_KERNEL_ARGS can choose it).
out "# sched guest clocksource: $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"

# Calibrated once, idle: every run does the same work per frame.
UNITS=$(field units_per_frame "$($B/sched-probe -c -f $FRAME_US)")
out "sched_units_per_frame $UNITS"
# The I/O job alone: its CPU time per KiB, in work units, so that CPU moved
# between the hogs and the I/O job is not counted as work gained or lost.
iocal=$($B/sched-io -d 3)
IO_UNITS=$(awk -v c="$(field cpu_us "$iocal")" -v k="$(field kib "$iocal")" \
	-v u="$UNITS" -v f="$FRAME_US" 'BEGIN { printf "%.3f", c / k * u / f }')
out "sched_units_per_io_kib $IO_UNITS"
echo "io alone: $iocal ($IO_UNITS units a KiB)"
# The probe alone: how much of the noise is the machine's own (TCG on a
# busy host), not the hogs'.
idle=$($B/sched-probe -u "$UNITS" -d 5)
for k in p50 p99 p999; do
	out "sched_${k}_us_idle $(field ${k}_us "$idle")"
done
out "sched_missed_idle $(field missed "$idle")"
echo "idle: $idle"

# A failing llmos is dropped from the rounds, and fails the script once
# the other configurations' figures are out.
failed=0
round=1
order=$configs
while [ "$round" -le "$ROUNDS" ]; do
	for cfg in $order; do
		[ "$cfg" = llmos ] && [ "$failed" = 1 ] && continue
		run "$cfg" && continue
		out "# sched llmos failed in round $round: $(tr '\n' ' ' <llmos.err)"
		cat llmos.err
		failed=1
		configs=${configs% llmos}
	done
	# Rotate, so that no configuration always runs first or last.
	order="${order#* } ${order%% *}"
	round=$((round + 1))
done
llmos_end

for cfg in $configs; do
	pct=$($B/sched-pct <"samples.$cfg")
	for k in p50 p99 p999; do
		out "sched_${k}_us_$cfg $(field ${k}_us "$pct")"
	done
	awk -v c="$cfg" -v u="$IO_UNITS" '{ w += $1 + $2 + $4 * u; m += $3; io += $4
			idle += $5; ticks += $6; ctxt += $7; cs += $8 }
		END {
			printf "sched_work_%s %.0f\n", c, w
			printf "sched_missed_%s %.0f\n", c, m
			printf "sched_io_kib_%s %.0f\n", c, io
			printf "sched_idle_share_%s %.4f\n", c, idle / ticks
			printf "sched_ctxt_per_s_%s %.0f\n", c, ctxt * 100 / cs
		}' "tally.$cfg" >"$LLMOS_OUT"
	echo "$cfg: $pct"
done
# llmosd's CPU share of the 2 vCPUs over the counted spans of the llmos runs.
if [ -s llmos.cpu ]; then
	awk '{ t += $1; w += $2 } END {
		printf "sched_llmosd_cpu_s %.2f\n", t / 100
		printf "sched_llmosd_cpu_share %.3f\n", t / (2 * w)
	}' llmos.cpu >"$LLMOS_OUT"
fi
exit $failed
