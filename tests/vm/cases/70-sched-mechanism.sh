# timeout: 120
# The scheduling mechanism of issue 7 (not its timing): with llmosd and its
# shipped model, CPU hogs receive a positive nice and the interactive probe
# does not; after kill -9 of llmosd every nice value in the system is back
# to what it was within watchdog_ms plus one second.
# Skips while llmosd pushes no hint at all (scheduling not in it yet).
set -u
B=/llmos/bin
. /llmos/share/sched-agent.sh

if reason=$(llmos_missing); then
	echo "$reason"
	exit 77
fi

# Shell builtins only: this runs in a polling loop on a slow guest.
nice_of() {
	read -r stat_line 2>/dev/null <"/proc/$1/stat" || return 0
	# The fields after "PID (COMM) ": nice is the 17th.
	set -- ${stat_line##*) }
	echo "${17}"
}

# "PID NICE" for every process.
all_nice() {
	for f in /proc/[0-9]*/stat; do
		read -r stat_line 2>/dev/null <"$f" || continue
		f=${f#/proc/}
		set -- ${stat_line##*) }
		echo "${f%/stat} ${17}"
	done
}

# "PID NOW WAS" for every process whose nice differs from before.
changed() {
	all_nice | awk 'NR == FNR { was[$1] = $2; next }
		($1 in was) && was[$1] != $2 { print $1, $2, was[$1] }' before -
}

# Milliseconds since boot.
ms() {
	read -r up _ </proc/uptime
	# Two decimals: 12.34 is 12 * 1000 + (1340 - 1000) ms.
	echo "$((${up%.*} * 1000 + 1${up#*.}0 - 1000))"
}

llmos_stat() {
	cat "$LLMOS_SYS/stats/$1"
}

# Before any exit once llmosd runs: stop it, the workload, the module.
cleanup() {
	kill -TERM $hogs $io $probe 2>/dev/null
	llmos_stop
	llmos_end
}

# The workload's nice values, for the log.
workload() {
	printf 'nice: hogs'
	for h in $hogs; do
		printf ' %s' "$(nice_of "$h")"
	done
	echo ", io $(nice_of "$io"), probe $(nice_of "$probe")"
}

fail() {
	echo "$*"
	workload
	echo "llmosd log:"
	tail -n 30 llmosd.log
	cleanup
	exit 1
}

# The probe's frame work, calibrated alone before anything runs (as the
# benchmark does): its calibration is a busy loop, which is batch work, and
# the probe under test is the frame loop.
units=$($B/sched-probe -c | sed -n 's/.*units_per_frame=\([0-9]*\).*/\1/p')
[ -n "$units" ] || { echo "sched-probe -c printed no units_per_frame"; exit 1; }

# Every process before llmos runs; the workload inherits this shell's nice.
all_nice >before
llmos_start || exit 1
hogs=
io=
probe=
for _ in 1 2 3 4 5 6; do
	$B/sched-hog >/dev/null &
	hogs="$hogs $!"
	echo "$! $(nice_of $$)" >>before
done
$B/sched-io >/dev/null &
io=$!
echo "$io $(nice_of $$)" >>before
$B/sched-probe -u "$units" -d 0 >/dev/null &
probe=$!
echo "$probe $(nice_of $$)" >>before

# Hints: every hog positive, the probe never.
deadline=$(($(ms) + 30000))
while :; do
	pending=0
	for h in $hogs; do
		[ "$(nice_of "$h")" -gt 0 ] || pending=1
	done
	[ "$(nice_of "$probe")" -le 0 ] ||
		fail "the probe got nice $(nice_of "$probe")"
	[ "$pending" = 0 ] && break
	if [ "$(ms)" -gt "$deadline" ]; then
		if [ "$(llmos_stat hints_applied)" = 0 ] &&
		   [ "$(llmos_stat hints_rejected)" = 0 ]; then
			cleanup
			echo "llmosd pushed no hint in 30 s: no scheduling hints yet"
			exit 77
		fi
		fail "not every hog got a positive nice in 30 s" \
			"(applied $(llmos_stat hints_applied)," \
			"rejected $(llmos_stat hints_rejected))"
	fi
	sleep 0.1
done
workload

# kill -9: the module reverts every hint, at the latest by the watchdog.
limit=$(($(cat "$LLMOS_SYS/watchdog_ms") + 1000))
kill -9 "$LLMOSD_PID"
t0=$(ms)
while [ -n "$(changed)" ]; do
	[ $(($(ms) - t0)) -le "$limit" ] ||
		fail "not restored within ${limit} ms (pid now was):" "$(changed)"
	sleep 0.1
done
echo "restored within $(($(ms) - t0)) ms (limit $limit ms)"
cleanup
