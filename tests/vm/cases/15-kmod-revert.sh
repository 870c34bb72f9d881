# Hints are reverted (nice and I/O priority back to what the task had) when
# the agent closes its file, when it is killed with SIGKILL, on TTL expiry,
# when the watchdog fires, on enabled=0, and around rmmod (refused while the
# agent holds the device; the hint is reverted when it goes). A value the
# user changed after llmos is left alone. Entries of exited tasks are reaped.
# timeout: 120
set -eu
. /llmos/share/kmod-lib.sh
load
sleep 1000 >/dev/null 2>&1 &
T=$!
$DT setnice $T 2
base_io=$(ioprio_of $T)

applied() { nice_is $T 5; }
restored() { nice_is $T 2 && [ "$(ioprio_of $T)" = "$base_io" ]; }

# Agent closes its file.
$DT agent hint $T 5 io=3,0 >agent.log 2>&1 || fail "hint"
restored || fail "not reverted on close"

# Agent killed with SIGKILL.
start_agent hint $T 5 io=2,0
applied || fail "not applied"
expect_eq "$(ioprio_of $T)" $((2 << 13)) "ioprio applied"
kill -9 "$AGENT"
wait "$AGENT" 2>/dev/null || true
restored || fail "not reverted on kill -9"

# TTL.
start_agent hint $T 5 ttl=3000
applied || fail "not applied (ttl)"
wait_for 10 restored || fail "not reverted on TTL"
expect_eq "$(stat_of hints_expired)" 1 hints_expired
stop_agent

# Watchdog: an agent that stops sending heartbeats.
echo 1000 >$K/watchdog_ms
rm -f q.ready
$DT agent hint $T 5 io=3,0 ready q.ready hold-quiet >agent.log 2>&1 &
AGENT=$!
wait_for 20 test -e q.ready || fail "quiet agent"
wait_for 10 restored || fail "not reverted by the watchdog"
expect_eq "$(stat_of watchdog_expired)" 1 watchdog_expired
stop_agent
echo 5000 >$K/watchdog_ms

# enabled=0.
start_agent hint $T 5 io=3,0
applied || fail "not applied (enabled)"
echo 0 >$K/enabled
restored || fail "not reverted on enabled=0"
echo 1 >$K/enabled
stop_agent

# User intent: the user renices after llmos; llmos leaves it.
start_agent hint $T 5
$DT setnice $T 9
stop_agent
expect_eq "$(nice_of $T)" 9 "user's nice after close"
expect_eq "$(stat_of hints_user_changed)" 1 hints_user_changed
$DT setnice $T 2

# Exited processes do not leak entries.
sleep 1000 >/dev/null 2>&1 &
E=$!
start_agent hint $E 5 hint $T 5
expect_eq "$(stat_of hints_active)" 2 hints_active
kill "$E"
wait "$E" 2>/dev/null || true
wait_for 10 stat_is hints_active 1 || fail "exited task not reaped"
expect_eq "$(stat_of hints_reaped)" 1 hints_reaped
stop_agent

# rmmod: refused while the agent holds /dev/llmos, hint untouched; once
# the agent is gone everything is reverted and rmmod succeeds.
start_agent hint $T 5 io=3,0
if rmmod llmos 2>rmmod.err; then
	fail "rmmod succeeded with the agent holding the device"
fi
cat rmmod.err
applied || fail "hint lost by a refused rmmod"
kill -9 "$AGENT"
wait "$AGENT" 2>/dev/null || true
restored || fail "not reverted when the agent died"
rmmod llmos || fail "rmmod after the agent left"
expect_eq "$(proc_nice $T)" 2 "nice after rmmod"
kill "$T"
echo ok
