# Each ioctl, and every refusal: malformed requests (-EINVAL), a second
# agent (-EBUSY), non-agent callers (-EPERM), no such process, start time
# mismatch, pid 1, a kernel thread, the agent itself, observe mode,
# disabled, table full, user changed the nice, watchdog expired. Each
# refusal changes nothing and is counted in stats/.
# timeout: 90
set -eu
. /llmos/share/kmod-lib.sh
load
sleep 1000 >/dev/null 2>&1 &
T=$!
sleep 1000 >/dev/null 2>&1 &
U=$!
expect_eq "$(nice_of $T)" 0 "initial nice"

$DT invalid || fail "malformed requests"
expect_eq "$(stat_of hints_applied)" 0 "no hint applied by malformed ones"
expect_eq "$(nice_of $T)" 0 "nice after malformed requests"

$DT agent \
	hint 4000000 5 expect=ESRCH \
	hint $T 5 start=bad expect=ESTALE \
	hint 1 5 expect=EPERM \
	hint 2 5 expect=EPERM \
	hint self 5 expect=EPERM \
	revert $T expect=ENOENT \
	>agent.log 2>&1 || fail "refusals"
expect_eq "$(nice_of $T)" 0 "nice after refusals"
expect_eq "$(stat_of rejected_no_process)" 1 rejected_no_process
expect_eq "$(stat_of rejected_start_time)" 1 rejected_start_time
expect_eq "$(stat_of rejected_init)" 1 rejected_init
expect_eq "$(stat_of rejected_kernel_thread)" 1 rejected_kernel_thread
expect_eq "$(stat_of rejected_agent)" 1 rejected_agent

# Apply: nice clamped to nice_min (-5), TTL cut to hint_ttl_ms, ioprio set;
# refresh keeps the originals; revert request restores them.
start_agent hint $T -20 ttl=99999999 io=2,7 conf=900 \
	hint $U 3 ttl=5000
cat agent.log
grep -q "hint $T nice=-5 ttl=10000 out=0x5: OK" agent.log ||
	fail "clamp/ttl cut not reported"
expect_eq "$(nice_of $T)" -5 "clamped nice"
expect_eq "$(ioprio_of $T)" $(((2 << 13) | 7)) "ioprio"
expect_eq "$(info $T 5)" 0x4 "TASK_INFO hinted flag"
expect_eq "$(nice_of $U)" 3 "second hint"
expect_eq "$(stat_of agent_connected)" 1 agent_connected
expect_eq "$(stat_of hints_active)" 2 hints_active
stop_agent
expect_eq "$(nice_of $T)" 0 "nice restored on close"
expect_eq "$(ioprio_of $T)" 0 "ioprio restored on close"
expect_eq "$(nice_of $U)" 0 "second nice restored on close"
expect_eq "$(stat_of agent_connected)" 0 agent_connected

$DT agent hint $T 4 hint $T 6 io=3,0 revert $T revert $T expect=ENOENT \
	>agent.log 2>&1 || fail "refresh/revert"
grep -q "out=0x2: OK" agent.log || fail "refresh not reported"
expect_eq "$(nice_of $T)" 0 "nice after revert request"
expect_eq "$(ioprio_of $T)" 0 "ioprio after revert request"

# Observe mode and disabled.
echo observe >$K/mode
$DT agent hint $T 5 expect=EOPNOTSUPP >agent.log 2>&1 || fail observe
echo enforce >$K/mode
echo 0 >$K/enabled
$DT agent hint $T 5 expect=ENODEV alert $T 9000 expect=ENODEV \
	>agent.log 2>&1 || fail disabled
echo 1 >$K/enabled
expect_eq "$(stat_of rejected_observe)" 1 rejected_observe
expect_eq "$(stat_of rejected_disabled)" 1 rejected_disabled

# Table full.
echo 1 >$K/max_hints
$DT agent hint $T 5 hint $U 5 expect=ENOSPC >agent.log 2>&1 ||
	fail "table full"
echo 1024 >$K/max_hints
expect_eq "$(stat_of rejected_table_full)" 1 rejected_table_full
expect_eq "$(nice_of $U)" 0 "nice of the refused task"

# The user renices after llmos: a refresh is refused, the hint dropped and
# the user's value kept.
$DT agent hint $T 4 ready step1 waitfile go hint $T 5 expect=EBUSY \
	ready step2 hold >agent.log 2>&1 &
AGENT=$!
wait_for 20 test -e step1 || fail "agent did not apply"
expect_eq "$(nice_of $T)" 4 "hinted nice"
$DT setnice $T 7
touch go
wait_for 20 test -e step2 || fail "refresh after renice not refused"
expect_eq "$(nice_of $T)" 7 "user's nice"
stop_agent
expect_eq "$(nice_of $T)" 7 "user's nice after close"
expect_eq "$(stat_of rejected_busy)" 1 rejected_busy
$DT setnice $T 0

# Watchdog: no heartbeat within watchdog_ms, hints refused until one comes.
echo 1000 >$K/watchdog_ms
$DT agent hint $T 2 quiet 2500 hint $T 2 expect=ETIMEDOUT beat \
	hint $T 3 >agent.log 2>&1 || fail "watchdog refusal"
expect_eq "$(stat_of rejected_watchdog)" 1 rejected_watchdog
expect_eq "$(nice_of $T)" 0 "nice after the agent left"

kill $T $U
echo ok
