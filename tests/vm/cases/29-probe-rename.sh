# timeout: 120
# An ignored comm applies to a task that takes the name after its exec:
# prctl(PR_SET_NAME) (pthread_setname_np, /proc/PID/comm) decides again,
# into the ignored name and out of it.
set -eu
count() {
	# count FILE COMM...: getppid (110) calls in records of those comms
	f=$1; shift
	awk -v c=" $* " '$6 == "syscalls" && index(c, " " $5 " ") {
		k = split($8, ids, ","); for (i = 1; i <= k; i++) if (ids[i] == 110) n++ }
		END { print n + 0 }' "$f"
}
fail=0
probe-dump -i hidden -- syscall-seq rename hidden 300 >in.txt
n=$(count in.txt syscall-seq hidden)
echo "renamed to ignored hidden: $n getppid recorded (want 0)"
[ "$n" -eq 0 ] || fail=1
probe-dump -i syscall-seq -- syscall-seq rename shown 300 >out.txt
n=$(count out.txt shown syscall-seq)
echo "ignored syscall-seq renamed to shown: $n getppid recorded (want 300)"
[ "$n" -ge 300 ] || fail=1
exit $fail
