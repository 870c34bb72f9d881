# timeout: 180
# The EXIT record is a process's last: nothing of it follows, neither the
# exiting thread's sched record (the exit path still runs and switches
# after the exit tracepoint) nor the ids or sched records of another thread
# that exits with it.
set -eu
late() {
	# late FILE: "TGID TID TYPE after the exit by TID" of every record that
	# follows its process's exit
	awk '$6 == "exit" { x[$2] = $3; next }
		($2 in x) && NF >= 6 { print $2, $3, $6, "after the exit by", x[$2] }' "$1"
}
fail=0
# 100000 descriptors closed after the exit tracepoint; a sched record is
# due 1 ms after the previous one.
probe-dump -p 1000000 -- syscall-seq fds 100000 >fds.txt
l=$(late fds.txt)
if [ -n "$l" ]; then
	echo "fds: records after the exit: $(echo "$l" | sort | uniq -c | tr -s ' ' | tr '\n' ';')"
	fail=1
else
	echo "fds: nothing after the exit"
fi

probe-dump -- sh -c 'for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	syscall-seq race 3; done' >race.txt
l=$(late race.txt)
if [ -n "$l" ]; then
	echo "race: records after the exit: $(echo "$l" | sort | uniq -c | tr -s ' ' | tr '\n' ';')"
	fail=1
else
	echo "race: nothing after the exit"
fi
exit $fail
