# timeout: 180
# Threads of one process moving between CPUs: every thread's syscalls are
# recorded under its own tid and the process's tgid, none lost or
# misattributed, and one exit for the process.
set -eu
probe-dump -- syscall-seq threads 8 3000 >dump.txt
tail -n1 dump.txt
grep -q '^drops ringbuf=0 storage=0$' dump.txt || { echo "events lost"; exit 1; }
pid=$(awk '$6 == "exec" && $7 ~ /\/syscall-seq$/ { print $2 }' dump.txt)
[ -n "$pid" ] || { echo "no exec of syscall-seq"; exit 1; }
awk -v p="$pid" '
	$2 == p && $6 == "syscalls" && $3 != p {
		k = split($8, ids, ",")
		for (i = 1; i <= k; i++) if (ids[i] == 110) n[$3]++
	}
	$2 == p && $6 == "exit" { exits++ }
	END {
		for (t in n) {
			threads++
			if (n[t] != 3000) { print "tid " t ": " n[t] " getppid, want 3000"; bad = 1 }
		}
		if (threads != 8) { print threads + 0 " threads recorded, want 8"; bad = 1 }
		if (exits != 1) { print exits + 0 " exits of the process"; bad = 1 }
		exit bad
	}' dump.txt
# Scheduling samples per thread, summed by the agent per process.
n=$(awk -v p="$pid" '$2 == p && $3 != p && $6 == "sched"' dump.txt | wc -l)
[ "$n" -ge 8 ] || { echo "$n sched records for 8 threads"; exit 1; }
