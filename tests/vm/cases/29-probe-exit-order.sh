# timeout: 180
# A process's EXIT is sent by the first thread to reach the exit tracepoint
# once every thread left signal->live. Nothing of that thread follows it,
# neither its sched record nor the switches of the exit path after the
# tracepoint. A thread that left signal->live before it may still be on its
# way (exit_mm): its last records then follow the EXIT. They are counted,
# not failed on.
set -eu
# late FILE: "TGID TID TYPE after the exit by TID" of every record of
# probe-dump's FILE that follows its process's exit (until a fork of the pid)
late() {
	awk '$6 == "fork" { delete x[$2]; next }
		$6 == "exit" && !($2 in x) { x[$2] = $3; next }
		($2 in x) && NF >= 6 {
			print $2, $3, $6, "after the exit by", x[$2] }' "$1"
}
# own FILE: the lines of late that come from the thread that sent the exit
own() {
	late "$1" | awk '$2 == $NF'
}
fail=0
# probe FILE NAME PROCS: reports FILE's late records; none may be the
# sending thread's
probe() {
	l=$(late "$1")
	echo "$2: $(echo "$l" | awk 'NF { n++; if (!($1 in p)) { p[$1] = 1; k++ } }
		END { printf "%d records after the exit, in %d", n + 0, k + 0 }'
		) of $3 processes"
	if [ -n "$l" ]; then
		echo "$l" | sort | uniq -c | tr -s ' ' | tr '\n' ';'
		echo
	fi
	o=$(own "$1")
	if [ -n "$o" ]; then
		echo "$2: the exiting thread sent after the exit: $o"
		fail=1
	fi
}

# 100000 descriptors closed after the exit tracepoint; a sched record is
# due 1 ms after the previous one. One thread: nothing may follow.
probe-dump -p 1000000 -- syscall-seq fds 100000 >fds.txt
probe fds.txt fds 1
[ -z "$(late fds.txt)" ] || fail=1

probe-dump -- sh -c 'for i in $(seq 20); do syscall-seq race 3; done' >race.txt
probe race.txt race 20

probe-dump -- syscall-seq slowexit 40 >slow.txt
probe slow.txt slowexit 40
exit $fail
