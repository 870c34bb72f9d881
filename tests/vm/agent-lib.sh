# Sourced by the guest scripts that start llmosd
# (/llmos/share/agent-lib.sh).

# wait_attached LOG PID [TENTHS]: waits until the llmosd of pid PID, logging
# to LOG, has attached its probes (after registering with the module, when
# there is one), at most TENTHS tenths of a second (default 300). Otherwise
# says why with the end of LOG, and fails. LOG must be new or emptied
# before llmosd starts: the child's own redirection may run later than the
# first look, and an earlier run's log already says "probes attached".
wait_attached() {
	local n=0

	until grep -qs 'probes attached' "$1"; do
		n=$((n + 1))
		if [ "$n" -gt "${3:-300}" ] || ! kill -0 "$2" 2>/dev/null; then
			echo "llmosd did not attach its probes:"
			tail -n 20 "$1"
			return 1
		fi
		sleep 0.1
	done
}
