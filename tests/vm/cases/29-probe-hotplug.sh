# timeout: 120
# A CPU that goes offline and comes back gets its flush timer again (the
# kernel drops a CPU's perf events when it goes down): a task pinned to it
# that runs without switching out still sends a sched record at every tick
# (10 ms here), as before the CPU went down, not only when a kernel thread
# preempts it. Everything else stays on CPU 0.
set -eu
PERIODS='-f 10000000 -p 10000000'
cpu1=/sys/devices/system/cpu/cpu1/online
[ -w "$cpu1" ] || { echo "cpu1 cannot go offline here"; exit 1; }
spin() {
	# spin OUT: a 1.5 s spinner pinned to CPU 1, under probe-dump
	taskset -c 0 probe-dump $PERIODS -- taskset -c 1 syscall-seq spin 1500 >"$1"
}
check() {
	# check OUT LABEL: the spinner's sched records, and the longest time
	# without one from its exec to its exit
	pid=$(awk '$6 == "exec" && $7 ~ /\/syscall-seq$/ { print $2 }' "$1")
	set -- "$1" "$2" $(awk -v p="$pid" '$2 != p { next }
		$6 == "exec" && $7 ~ /\/syscall-seq$/ { t = $1 }
		t && ($6 == "sched" || $6 == "exit") {
			if ($1 - t > g) g = $1 - t; t = $1; n += $6 == "sched" }
		END { print n + 0, int(g / 1000000) }' "$1")
	echo "$2: $3 sched records, at most ${4}ms apart"
	[ "$3" -ge 50 ] && [ "$4" -le 250 ] ||
		{ echo "$2: the spinner's sched records waited for a switch"; return 1; }
}
logged() {
	# logged ERR LABEL: the probes said so on stderr
	grep -q 'CPU 1: flush timer attached' "$1" ||
		{ echo "$2: no attachment logged: $(cat "$1")"; return 1; }
}

# Whatever fails, the next cases get both CPUs.
trap 'echo 1 >$cpu1' EXIT
fail=0
spin before.txt
check before.txt before || fail=1

# Down and up while the probes run: the timer must come back within the
# probes' one-second check.
taskset -c 0 probe-dump $PERIODS -- sh -c "echo 0 >$cpu1; echo 1 >$cpu1; sleep 2.5;
	taskset -c 1 syscall-seq spin 1500" >after.txt 2>after.err
logged after.err "down and up" || fail=1
check after.txt "down and up" || fail=1

# Down before the probes start, up while they run.
echo 0 >"$cpu1"
taskset -c 0 probe-dump $PERIODS -- sh -c "echo 1 >$cpu1; sleep 2.5;
	taskset -c 1 syscall-seq spin 1500" >late.txt 2>late.err
logged late.err "up later" || fail=1
check late.txt "up later" || fail=1
exit $fail
