# Alert actions in enforce mode: none, throttle (nice 19 + idle I/O,
# reverted like a hint), freeze (SIGSTOP), kill (SIGKILL); never against
# pid 1, a kernel thread or the agent; not in observe mode; the line says
# what was done.
# timeout: 90
set -eu
. /llmos/share/kmod-lib.sh
load

line_of() { $DT read nonblock rewind | grep "\"seq\":$1,"; }

# kill
sleep 1000 >/dev/null 2>&1 &
V=$!
echo kill >$K/alert_action
$DT agent alert $V 9000 >agent.log 2>&1 || fail "alert kill"
grep -q "action=3 result=1" agent.log || fail "kill not reported"
wait "$V" 2>/dev/null || true
kill -0 "$V" 2>/dev/null && fail "victim still alive"
line_of 1 | grep -qF '"action":"kill","detail"' || fail "kill line"

# freeze
sleep 1000 >/dev/null 2>&1 &
W=$!
echo freeze >$K/alert_action
$DT agent alert $W 9000 >agent.log 2>&1 || fail "alert freeze"
wait_for 10 grep -q '^State:.*T (stopped)' /proc/$W/status ||
	fail "not stopped"
line_of 2 | grep -qF '"action":"freeze"' || fail "freeze line"
kill -CONT "$W"
kill "$W"

# throttle: applied, hints refused while throttled, reverted on close.
sleep 1000 >/dev/null 2>&1 &
X=$!
echo throttle >$K/alert_action
start_agent alert $X 9000 hint $X 0 expect=EBUSY
expect_eq "$(nice_of $X)" 19 "throttled nice"
expect_eq "$(ioprio_of $X)" $((3 << 13)) "throttled ioprio"
expect_eq "$(info $X 5)" 0x8 "throttled flag"
line_of 3 | grep -qF '"action":"throttle"' || fail "throttle line"
stop_agent
expect_eq "$(nice_of $X)" 0 "nice after throttle"
expect_eq "$(ioprio_of $X)" 0 "ioprio after throttle"

# Protected targets: pid 1, a kernel thread (kthreadd), the agent itself.
echo kill >$K/alert_action
$DT agent alert 1 9000 alert 2 9000 alert self 9000 >agent.log 2>&1 ||
	fail "protected alerts"
for s in 4 5 6; do
	line_of $s | grep -qF '"action":"none","skipped":"protected"' ||
		fail "alert $s not skipped as protected"
done

# Observe mode: published, nothing done.
echo observe >$K/mode
$DT agent alert $X 9000 >agent.log 2>&1 || fail "observe alert"
kill -0 "$X" || fail "killed in observe mode"
line_of 7 | grep -qF '"action":"none","skipped":"observe"' ||
	fail "observe line"
echo enforce >$K/mode

# The task is gone: nothing to act on.
$DT agent alert 4000000 9000 >agent.log 2>&1 || fail "gone alert"
line_of 8 | grep -qF '"skipped":"exited","exited":true' || fail "gone line"

# action none
echo none >$K/alert_action
$DT agent alert $X 9000 >agent.log 2>&1 || fail "none alert"
line_of 9 | grep -qF '"action":"none","detail"' || fail "none line"
kill -0 "$X" || fail "killed with action none"
expect_eq "$(stat_of alert_actions)" 3 alert_actions
expect_eq "$(stat_of alerts_published)" 9 alerts_published
kill "$X"
echo ok
