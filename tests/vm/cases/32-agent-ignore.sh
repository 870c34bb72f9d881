# timeout: 120
# llmosd --ignore-cgroup and --ignore-comm: a process in the ignored cgroup
# or one below it, or named as ignored, is not in the trace, one beside it
# is; a missing cgroup, the root and an empty name are refused with exit
# status 2 before anything is traced.
set -eu
. /llmos/share/agent-lib.sh
[ -f /sys/fs/cgroup/cgroup.procs ] || { echo "no cgroup2 hierarchy"; exit 77; }
cg=/sys/fs/cgroup/llmos-agent-test
mkdir -p "$cg/inner" /sys/fs/cgroup/llmos-agent-other
agent=
cleanup() {
	[ -z "$agent" ] || kill -TERM "$agent" 2>/dev/null || true
	[ -z "$agent" ] || wait "$agent" 2>/dev/null || true
	rmdir "$cg/inner" "$cg" /sys/fs/cgroup/llmos-agent-other 2>/dev/null || true
}
trap cleanup EXIT

for bad in / /llmos-no-such-cgroup /llmos-agent-test/../llmos-agent-test; do
	rc=0
	llmosd --no-device --no-model --no-sched --ignore-cgroup "$bad" \
		>/dev/null 2>err.txt || rc=$?
	[ "$rc" -eq 2 ] || { echo "--ignore-cgroup $bad: exit status $rc, want 2"; exit 1; }
	grep -q -- "--ignore-cgroup $bad: " err.txt ||
		{ echo "--ignore-cgroup $bad: no message naming it"; cat err.txt; exit 1; }
done

rc=0
llmosd --no-device --no-model --no-sched --ignore-comm '' \
	>/dev/null 2>err.txt || rc=$?
[ "$rc" -eq 2 ] && grep -q -- "--ignore-comm: " err.txt ||
	{ echo "--ignore-comm '': exit status $rc, want 2 with a message"; cat err.txt; exit 1; }

# The same program under names the agent ignores; the kernel keeps 15
# bytes of the long one, and so does the match.
cp "$(command -v syscall-seq)" ./seq-ignored
cp ./seq-ignored ./seq-ignored-with-a-long-name
llmosd --no-device --no-model --no-sched --record t.trace \
	--ignore-cgroup /llmos-agent-test --ignore-comm seq-ignored \
	--ignore-comm seq-ignored-with-a-long-name \
	>/dev/null 2>log.txt &
agent=$!
wait_attached log.txt "$agent" || exit 1
grep -q 'ignoring cgroup /llmos-agent-test (id [0-9]*)' log.txt ||
	{ echo "the cgroup exclusion is not logged"; cat log.txt; exit 1; }
grep -q 'ignoring processes named seq-ignored$' log.txt ||
	{ echo "the comm exclusion is not logged"; cat log.txt; exit 1; }
grep -q 'ignoring processes named seq-ignored-wit$' log.txt ||
	{ echo "the long comm is not logged as matched"; cat log.txt; exit 1; }

# One marker run for each cgroup: it moves itself there, then calls umask.
run_in() {
	syscall-seq move "/sys/fs/cgroup/$1/cgroup.procs" 200 | sed 's/^pid //'
}
pid_in=$(run_in llmos-agent-test)
pid_inner=$(run_in llmos-agent-test/inner)
pid_other=$(run_in llmos-agent-other)
pid_named=$(./seq-ignored move /sys/fs/cgroup/llmos-agent-other/cgroup.procs 200 |
	sed 's/^pid //')
pid_long=$(./seq-ignored-with-a-long-name move \
	/sys/fs/cgroup/llmos-agent-other/cgroup.procs 200 | sed 's/^pid //')
sleep 1
kill -TERM "$agent"
rc=0
wait "$agent" || rc=$?
agent=
[ "$rc" -eq 0 ] || { echo "llmosd exited with $rc"; cat log.txt; exit 1; }

llmosctl trace dump t.trace >dump.txt
# umask calls recorded under pid $1.
calls() {
	awk -v p="$1" '$2 == p && $4 == "umask" { n++ } END { print n + 0 }' dump.txt
}
n=$(calls "$pid_other")
[ "$n" -ge 200 ] || { echo "pid $pid_other in another cgroup: $n umask, want 200"; exit 1; }
for p in "$pid_in" "$pid_inner"; do
	n=$(calls "$p")
	[ "$n" -eq 0 ] || { echo "pid $p in the ignored subtree: $n umask recorded"; exit 1; }
done
for p in "$pid_named" "$pid_long"; do
	n=$(calls "$p")
	[ "$n" -eq 0 ] || { echo "pid $p with an ignored name: $n umask recorded"; exit 1; }
done
echo "ignored: pids $pid_in and $pid_inner (cgroup), $pid_named and $pid_long (comm); traced: pid $pid_other"
