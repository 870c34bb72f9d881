# timeout: 120
# llmosd runs without the module if there is none; with it, registers with
# /dev/llmos, keeps the watchdog fed (also at its smallest period, set
# while llmosd runs), follows knob changes, refuses to be a
# second agent, and on SIGTERM unregisters (the module sees it leave) and
# exits with status 0.
set -eu

. /llmos/share/agent-lib.sh

# Without the module, llmosd says so and traces anyway.
llmosd 2>nomod.txt &
nomod=$!
wait_attached nomod.txt "$nomod" || exit 1
kill -TERM "$nomod"
wait "$nomod" || { echo "llmosd without the module failed"; cat nomod.txt; exit 1; }
grep -q '/dev/llmos: No such file or directory; running without the module' nomod.txt

insmod "$LLMOS_KO"
knobs=/sys/kernel/llmos
echo 600 >"$knobs/watchdog_ms"

llmosd 2>log.txt &
agent=$!
# On any failure, do not leave the agent (and its probes) behind.
trap 'kill -TERM "$agent" 2>/dev/null || true; wait "$agent" 2>/dev/null || true' EXIT
wait_attached log.txt "$agent" || exit 1
grep -q 'registered with /dev/llmos' log.txt
[ "$(cat $knobs/stats/agent_connected)" -eq 1 ]

# Several watchdog periods: the heartbeat keeps the registration.
sleep 3
[ "$(cat $knobs/stats/watchdog_expired)" -eq 0 ] ||
	{ echo "watchdog expired while llmosd ran"; cat log.txt; exit 1; }
[ "$(cat $knobs/stats/agent_connected)" -eq 1 ]
# A knob change reaches the agent with the next heartbeat.
echo 700 >"$knobs/watchdog_ms"
sleep 1
grep -q 'watchdog_ms=700' log.txt || { echo "knob change not seen"; cat log.txt; exit 1; }
# The smallest watchdog (LLMOS_WATCHDOG_MIN_MS), from 5000 in one step, on
# an idle guest: the module holds llmosd to the 5000 it heard until its
# next heartbeat (up to 1.7 s later), which tells it of the change; then
# llmosd's timer follows the knob, so its heartbeats still come three
# times a period and the module never times it out.
echo 5000 >"$knobs/watchdog_ms"
sleep 1
grep -q "watchdog_ms=5000 " log.txt ||
	{ echo "knob change to 5000 not seen"; cat log.txt; exit 1; }
echo 100 >"$knobs/watchdog_ms"
sleep 2
grep -q "watchdog_ms=100 " log.txt ||
	{ echo "knob change to 100 not seen"; cat log.txt; exit 1; }
beats=$(cat $knobs/stats/heartbeats)
sleep 5
beats=$(($(cat $knobs/stats/heartbeats) - beats))
expired=$(cat $knobs/stats/watchdog_expired)
echo 5000 >"$knobs/watchdog_ms"
echo "heartbeats in 5 s at watchdog_ms=100: $beats"
[ "$expired" -eq 0 ] ||
	{ echo "watchdog expired $expired times at watchdog_ms=100"; cat log.txt; exit 1; }
# Three a period are 150; a timer left at its 100 ms tick gives 50,
# and one that skips the beats its jitter brings in early about 100.
[ "$beats" -ge 120 ] ||
	{ echo "only $beats heartbeats in 5 s at watchdog_ms=100"; cat log.txt; exit 1; }
[ "$(cat $knobs/stats/agent_connected)" -eq 1 ]

# Only one agent at a time.
if llmosd --stats-interval 0 2>second.txt; then
	echo "a second llmosd registered"
	exit 1
fi
grep -q 'register: Device or resource busy' second.txt

kill -TERM "$agent"
rc=0
wait "$agent" || rc=$?
cat log.txt
[ "$rc" -eq 0 ] || { echo "llmosd exited with $rc"; exit 1; }
[ "$(cat $knobs/stats/agent_connected)" -eq 0 ]
[ "$(cat $knobs/stats/watchdog_expired)" -eq 0 ]
rmmod llmos
