# Start and stop llmosd for the scheduling benchmark and tests; guest
# scripts source it from /llmos/share/sched-agent.sh. llmosd runs with its
# shipped model and the module loaded in enforce mode, so that hints apply.

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
	"$LLMOSD" >llmosd.log 2>&1 &
	LLMOSD_PID=$!
	n=0
	until [ "$(cat "$LLMOS_SYS/stats/agent_connected")" = 1 ] &&
		grep -q 'probes attached' llmosd.log; do
		n=$((n + 1))
		if [ "$n" -gt 300 ] || ! kill -0 "$LLMOSD_PID" 2>/dev/null; then
			echo "llmosd did not register and attach its probes:"
			tail -n 20 llmosd.log
			llmos_stop
			return 1
		fi
		sleep 0.1
	done
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
