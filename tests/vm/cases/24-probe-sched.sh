# timeout: 120
# Scheduling features: a CPU spinner accumulates run time, a sleeper
# wakeups and voluntary switches.
set -eu
sum() {
	# sum FIELD PID FILE: total of FIELD=N over PID's sched records
	awk -v f="$1" -v p="$2" '$2 == p && $6 == "sched" {
		for (i = 7; i <= NF; i++) { split($i, kv, "="); if (kv[1] == f) s += kv[2] } }
		END { print s + 0 }' "$3"
}
cpu_of() {
	# cpu_of PID FILE: PID's CPU time so far, from its last sched record
	awk -v p="$1" '$2 == p && $6 == "sched" { split($NF, kv, "="); c = kv[2] }
		END { print c + 0 }' "$2"
}
pid_of() {
	awk '$6 == "exec" && $7 ~ /\/syscall-seq$/ { print $2 }' "$1"
}

probe-dump -- syscall-seq spin 1000 >spin.txt
pid=$(pid_of spin.txt)
run=$(sum run "$pid" spin.txt)
cpu=$(cpu_of "$pid" spin.txt)
echo "spin: run=$run cpu=$cpu"
[ "$run" -ge 700000000 ] || { echo "spinner ran ${run}ns"; exit 1; }
[ "$cpu" -ge 700000000 ] || { echo "spinner's cpu time ${cpu}ns"; exit 1; }
# Its syscalls before the spin (write of its pid) arrive within the flush
# period (100 ms), not when it next switches out or exits a second later.
lag=$(awk -v p="$pid" '$2 == p && $6 == "syscalls" && $8 ~ /(^|,)1(,|$)/ { w = $1 }
	$2 == p && $6 == "exit" { x = $1 } END { print int((x - w) / 1000000) }' spin.txt)
echo "spin: write flushed ${lag}ms before the exit"
[ "$lag" -ge 500 ] || { echo "pending ids were held while the task ran"; exit 1; }

probe-dump -- syscall-seq nap 10 30 >nap.txt
pid=$(pid_of nap.txt)
wakeups=$(sum wakeups "$pid" nap.txt)
nvcsw=$(sum nvcsw "$pid" nap.txt)
runs=$(sum runs "$pid" nap.txt)
echo "nap: wakeups=$wakeups nvcsw=$nvcsw runs=$runs"
[ "$wakeups" -ge 30 ] && [ "$nvcsw" -ge 30 ] && [ "$runs" -ge 30 ] ||
	{ echo "sleeper's switches not counted"; exit 1; }

# Two spinners sharing one CPU: each is always runnable, so its time is
# split between running and waiting, and the scheduler preempts it.
probe-dump -- taskset -c 0 sh -c 'syscall-seq spin 1000 & syscall-seq spin 1000; wait' >pair.txt
for pid in $(pid_of pair.txt); do
	run=$(sum run "$pid" pair.txt)
	wait=$(sum wait "$pid" pair.txt)
	nivcsw=$(sum nivcsw "$pid" pair.txt)
	echo "pair $pid: run=$run wait=$wait nivcsw=$nivcsw"
	[ "$wait" -ge 250000000 ] || { echo "waiting for the CPU not counted"; exit 1; }
	[ $((run + wait)) -ge 800000000 ] ||
		{ echo "running and waiting cover $((run + wait))ns of 1s"; exit 1; }
	[ "$nivcsw" -ge 5 ] || { echo "preemptions not counted"; exit 1; }
done
[ "$(pid_of pair.txt | wc -l)" = 2 ] || { echo "not two spinners"; exit 1; }

# A process counts from when it becomes traced: a shell, ignored, burns CPU
# and then execs a sleeper, whose records must not hold the shell's run.
probe-dump -i sh -- sh -c 'i=0; while [ $i -lt 30000 ]; do i=$((i + 1)); done
	exec syscall-seq nap 10 5' >late.txt
pid=$(pid_of late.txt)
run=$(sum run "$pid" late.txt)
cpu=$(cpu_of "$pid" late.txt)
echo "late: run=$run cpu=$cpu"
[ "$cpu" -ge 100000000 ] || { echo "the ignored shell ran only ${cpu}ns"; exit 1; }
[ "$run" -le $((cpu / 2)) ] ||
	{ echo "run ${run}ns counts time from before the process was traced"; exit 1; }
