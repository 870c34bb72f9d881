# Start and stop llmosd for the scheduling benchmark and tests; guest
# scripts source it from /llmos/share/sched-agent.sh. llmosd runs with its
# shipped model and the module loaded in enforce mode, so that hints apply.

. /llmos/share/agent-lib.sh

LLMOSD=/llmos/bin/llmosd
LLMOS_SYS=/sys/kernel/llmos

# Succeeds, printing why, when llmos cannot run in this guest.
llmos_missing() {
	if [ ! -x "$LLMOSD" ]; then
		echo "no $LLMOSD (not built yet)"
	elif [ ! -f "${LLMOS_KO:-}" ]; then
		echo "no llmos.ko (not built yet)"
	else
		return 1
	fi
}

# Loads the module if needed and starts llmosd (LLMOSD_PID), its output
# in llmosd.log; fails unless within 30 s it has registered as the agent
# and attached its probes (so that it sees workloads started after this).
llmos_start() {
	if ! grep -q '^llmos ' /proc/modules; then
		insmod "$LLMOS_KO" || return 1
	fi
	echo enforce >"$LLMOS_SYS/mode" || return 1
	# Emptied here, as wait_attached needs: every run reuses the name.
	: >llmosd.log
	"$LLMOSD" >llmosd.log 2>&1 &
	LLMOSD_PID=$!
	if ! wait_attached llmosd.log "$LLMOSD_PID" ||
		[ "$(cat "$LLMOS_SYS/stats/agent_connected")" != 1 ]; then
		echo "llmosd did not register as the agent:"
		tail -n 20 llmosd.log
		llmos_stop
		return 1
	fi
}

llmos_stop() {
	kill -TERM "$LLMOSD_PID" 2>/dev/null
	wait "$LLMOSD_PID"
}

llmos_end() {
	if grep -q '^llmos ' /proc/modules; then
		rmmod llmos
	fi
}
