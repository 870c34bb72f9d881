# timeout: 120
# A burst of records too small to wake llmosd (the probes wake it only
# past a quarter of the ring) is taken at once, not a budget of 64 records
# at each 100 ms tick: the exit of a process that comes after 3000 pipe
# round trips (some 12,000 records) reaches llmosd within 2 s.
set -eu
. /llmos/share/agent-lib.sh
uptime_ms() { awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime; }

llmosd --no-device --no-model --no-sched --log-level debug --stats \
	--stats-interval 0 >stats.txt 2>log.txt &
agent=$!
trap 'kill -TERM "$agent" 2>/dev/null || true
	wait "$agent" 2>/dev/null || true' EXIT
wait_attached log.txt "$agent" || exit 1

t0=$(uptime_ms)
syscall-seq pingpong 3000 >/dev/null
syscall-seq loop 1 >marker.txt
t1=$(uptime_ms)
marker=$(awk '{ print $2; exit }' marker.txt)
until grep -q "debug: exit pid=$marker " log.txt; do
	[ $(($(uptime_ms) - t1)) -lt 20000 ] || break
	sleep 0.1
done
ms=$(($(uptime_ms) - t1))
kill -TERM "$agent"
wait "$agent" || true
trap - EXIT
echo "burst of $((t1 - t0)) ms; its last exit seen by llmosd ${ms} ms later;" \
	"$(awk '$1 == "events" { print $2 }' stats.txt) events," \
	"$(awk '$1 == "drops_ringbuf" { print $2 }' stats.txt) lost"
grep -q "debug: exit pid=$marker " log.txt ||
	{ echo "llmosd never saw it"; exit 1; }
[ "$ms" -le 2000 ]
