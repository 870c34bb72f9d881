# timeout: 240
# Demo, part 2: llmosd with the shipped model on real workloads, then a few
# attacks; what llmos did is read back from /dev/llmos, sysfs and llmosctl.
set -u
. /llmos/share/sched-agent.sh
{
	echo
	echo "== llmosd: shipped model, probes, /dev/llmos (enforce mode)"
	llmos_start || exit 1
	grep -E 'model|probes attached|registered' llmosd.log | head -n 5
	cat /dev/llmos >alerts.jsonl &
	reader=$!

	echo
	echo "== normal workload (20 s) beside six CPU hogs and a frame probe"
	hogs=
	for i in 1 2 3 4 5 6; do
		sched-hog -d 40 >/dev/null &
		hogs="$hogs $!"
	done
	sched-probe -d 40 >probe.out &
	probe=$!
	normal-workload --heldout --seed 7 20 >workload.log 2>&1
	echo "== llmosctl top (one snapshot)"
	llmosctl top -n 1 | head -n 20
	echo
	echo "== hints: /sys/kernel/llmos/stats"
	for f in hints_applied hints_reverted hints_active hints_rejected; do
		printf '%-16s %s\n' "$f" "$(cat /sys/kernel/llmos/stats/$f)"
	done
	echo "alerts so far: $(grep -c '"score"' alerts.jsonl)"
	# shellcheck disable=SC2086
	kill $hogs "$probe" 2>/dev/null

	echo
	echo "== attacks: reverse shell, fileless exec, ransomware, ptrace"
	run-attacks revshell fileless ransom ptrace >attacks.log 2>&1
	# Each attack's announcement and its one-line outcome.
	grep -E '^(attack |[a-z]+: )' attacks.log
	sleep 3
	echo
	echo "== alerts read from /dev/llmos"
	cat alerts.jsonl
	kill "$reader"
	llmos_stop
	echo
	echo "== llmosd stopped: hints reverted: $(cat /sys/kernel/llmos/stats/hints_reverted)," \
		"active: $(cat /sys/kernel/llmos/stats/hints_active)"
	llmos_end
} >"$LLMOS_OUT" 2>&1
