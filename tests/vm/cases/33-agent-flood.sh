# timeout: 120
# Under a syscall flood that outruns the agent, llmosd still does its
# periodic work (the live statistics keep coming) and SIGTERM still ends it
# within 5 s (it drains what the probes queued first): draining the ring
# buffer never holds its loop.
set -eu
. /llmos/share/agent-lib.sh

flood=
agent=
cleanup() {
	[ -z "$flood" ] || kill $flood 2>/dev/null || true
	[ -z "$agent" ] || kill -KILL "$agent" 2>/dev/null || true
}
trap cleanup EXIT

llmosd --no-device --stats --stats-interval 1 >stats.txt 2>log.txt &
agent=$!
wait_attached log.txt "$agent" || exit 1
# getppid as fast as one vCPU can call it, for longer than this case runs.
for i in 1 2 3; do
	syscall-seq loop 1000000000 >/dev/null &
	flood="$flood $!"
done
sleep 1
before=$(grep -c '^events ' stats.txt || true)
sleep 4
after=$(grep -c '^events ' stats.txt || true)
grep -E '^(events_per_s|syscalls|drops_)' stats.txt | tail -n 4
echo "live reports: $before before, $after after 4 s of flood"
[ "$after" -ge $((before + 2)) ] ||
	{ echo "llmosd stopped reporting under the flood"; tail log.txt; exit 1; }

kill -TERM "$agent"
n=0
while kill -0 "$agent" 2>/dev/null; do
	n=$((n + 1))
	[ "$n" -le 50 ] ||
		{ echo "llmosd still running 5 s after SIGTERM"; tail log.txt; exit 1; }
	sleep 0.1
done
echo "llmosd ended within $n tenths of a second of SIGTERM"
rc=0
wait "$agent" || rc=$?
agent=
[ "$rc" -eq 0 ] || { echo "llmosd exited with $rc"; tail log.txt; exit 1; }
grep '^drops_ringbuf ' stats.txt | tail -n 1
