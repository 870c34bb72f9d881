# timeout: 180
# A process's EXIT is sent by the first thread to reach the exit tracepoint
# once every thread left signal->live. Nothing of that thread follows it,
# neither its sched record nor the switches of the exit path after the
# tracepoint. A thread that left signal->live before it may still be on its
# way (exit_mm): its last records then follow the EXIT, and llmosd must
# drop them, not make the dead process anew.
set -eu
. /llmos/share/agent-lib.sh
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

# What llmosd makes of it: records_late counts the records of the recording
# that follow their process's exit (a batch is one record: its syscalls have
# one time; the syscalls exit and fork are no events), and each child of
# syscall-seq leaves the table once, on its exit.
late_records() {
	awk '$4 == "fork" && $5 ~ /^parent=/ { delete x[$2]; next }
		!($2 in x) { if ($4 == "exit" && $5 ~ /^code=/) x[$2] = 1; next }
		$5 ~ /=/ || $4 == "exec" { n++; next }
		!(($1 " " $2) in b) { b[$1 " " $2] = 1; n++ }
		END { print n + 0 }' "$1"
}
llmosd --no-device --record t.trace --stats --stats-interval 0 \
	--log-level debug >stats.txt 2>log.txt &
agent=$!
trap 'kill -TERM "$agent" 2>/dev/null || true
	wait "$agent" 2>/dev/null || true' EXIT
wait_attached log.txt "$agent" || exit 1
syscall-seq slowexit 40 >seq.txt
seq_pid=$(awk '{ print $2; exit }' seq.txt)
sleep 1
kill -TERM "$agent"
rc=0
wait "$agent" || rc=$?
trap - EXIT
if [ "$rc" -ne 0 ]; then
	echo "llmosd exited with $rc"
	tail -n 20 log.txt
	exit 1
fi
llmosctl trace dump t.trace >dump.txt
want=$(late_records dump.txt)
got=$(awk '$1 == "records_late" { print $2 }' stats.txt)
echo "llmosd: records_late ${got:-missing};" \
	"$want records after their exit in the recording"
[ "$got" = "$want" ] || fail=1
children=$(awk -v p="parent=$seq_pid" '$4 == "fork" && $5 == p { print $2 }' \
	dump.txt)
n=0
bad=0
for c in $children; do
	n=$((n + 1))
	r=$(grep -E "debug: (exit|evicted|untracked) pid=$c " log.txt || true)
	if [ "$(echo "$r" | grep -c .)" -ne 1 ] ||
	   ! echo "$r" | grep -q "debug: exit pid=$c "; then
		bad=$((bad + 1))
		[ "$bad" -gt 3 ] || echo "child $c:" \
			"$(echo "$r" | sed 's/^llmosd: debug: //' | tr '\n' ';')"
	fi
done
echo "llmosd: $bad of $n children of syscall-seq slowexit did not leave" \
	"the table once, on their exit"
[ "$n" -eq 40 ] && [ "$bad" -eq 0 ] || fail=1
exit $fail
