# timeout: 120
# llmosd --record traces live processes: a child's fork, exec, syscalls
# (by name) and exit under its own pid, none of llmosd's own; SIGTERM ends
# it with exit status 0 and a complete trace that llmosctl can dump.
set -eu
. /llmos/share/agent-lib.sh
llmosd --no-device --record t.trace --stats --stats-interval 0 \
	>stats.txt 2>log.txt &
agent=$!
# On any failure, do not leave the agent (and its probes) behind.
trap 'kill -TERM "$agent" 2>/dev/null || true; wait "$agent" 2>/dev/null || true' EXIT
wait_attached log.txt "$agent" || exit 1

/bin/bash -c '/bin/grep -q Linux /proc/version; exit 7' || true
# Batches older than the flush age (100 ms) reach the ring.
sleep 1
kill -TERM "$agent"
rc=0
wait "$agent" || rc=$?
cat log.txt
[ "$rc" -eq 0 ] || { echo "llmosd exited with $rc"; exit 1; }
grep -q 'stopping on signal' log.txt
grep -q '^procs_peak ' stats.txt
grep -q '^drops_ringbuf ' stats.txt

llmosctl trace dump t.trace >dump.txt
bash_pid=$(awk '$4 == "exec" && $5 == "/bin/bash" { p = $2 } END { print p }' dump.txt)
grep_pid=$(awk '$4 == "exec" && $5 == "/bin/grep" { p = $2 } END { print p }' dump.txt)
[ -n "$bash_pid" ] && [ -n "$grep_pid" ] ||
	{ echo "execs not recorded"; grep ' exec ' dump.txt; exit 1; }
# grep was forked by bash, opened /proc/version and exited 0.
grep -q "^[0-9.]* $grep_pid [^ ]* fork parent=$bash_pid " dump.txt
awk -v p="$grep_pid" '$2 == p && $4 == "openat" { f = 1 } END { exit !f }' dump.txt ||
	{ echo "no openat under grep's pid"; awk -v p="$grep_pid" '$2 == p' dump.txt | head -40; exit 1; }
grep -q "^[0-9.]* $grep_pid grep exit code=0$" dump.txt
# bash's exit status 7, as a wait status.
grep -q "^[0-9.]* $bash_pid bash exit code=1792$" dump.txt
# The agent never traces itself.
if awk -v p="$agent" '$2 == p { f = 1 } END { exit !f }' dump.txt; then
	echo "llmosd's own pid $agent is in the trace"
	exit 1
fi
