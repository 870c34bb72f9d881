# A non-root user gets EACCES/EPERM on every privileged path: opening
# /dev/llmos, writing any knob; a process that opened the device as root and
# dropped to nobody cannot register, query tasks, heartbeat, hint or alert.
set -eu
. /llmos/share/kmod-lib.sh
load

out=$(as_nobody $DT read nonblock 2>&1) && fail "nobody opened /dev/llmos"
echo "$out"
case $out in
*"Permission denied"*) ;;
*) fail "open as nobody: $out" ;;
esac
out=$(as_nobody $DT info 1 2>&1) && fail "nobody used TASK_INFO"

for f in enabled mode nice_min nice_max hint_ttl_ms watchdog_ms \
	alert_threshold alert_action max_hints ring_size; do
	old=$(cat $K/$f)
	if as_nobody sh -c "echo 1 >$K/$f" 2>/dev/null; then
		fail "nobody wrote $f"
	fi
	expect_eq "$(cat $K/$f)" "$old" "$f after nobody's write"
done
# Reading is allowed.
as_nobody cat $K/mode $K/stats/readers >/dev/null

$DT unpriv || fail "privileged ioctls after dropping root"
expect_eq "$(stat_of agent_connected)" 0 agent_connected
echo ok
