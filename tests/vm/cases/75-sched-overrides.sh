# timeout: 240
# Issue 7 in the guest, beside case 70 (hogs and probe, kill -9): llmosd's
# scheduling stage hints a plain CPU hog, applies a pinned class from the
# override file, leaves alone what the file exempts and what the user chose
# (nice, chrt, ionice, taskset), keeps its rules when the file turns bad,
# shows all of it in `llmosctl top`, and on SIGTERM every hint is reverted.
set -u
. /llmos/share/agent-lib.sh
B=/llmos/bin

if [ ! -x $B/sched-hog ] || [ ! -x $B/sched-probe ]; then
	echo "no sched-hog or sched-probe in $B"
	exit 77
fi
if [ ! -f "${LLMOS_KO:-}" ]; then
	echo "no llmos.ko"
	exit 77
fi

nice_of() {
	local s

	read -r s 2>/dev/null <"/proc/$1/stat" || return 0
	set -- ${s##*) }
	echo "${17}"
}

ms() {
	local up

	read -r up _ </proc/uptime
	echo "$((${up%.*} * 1000 + 1${up#*.}0 - 1000))"
}

agent=
pids=
cleanup() {
	[ -n "$pids" ] && kill -TERM $pids 2>/dev/null
	[ -n "$agent" ] && kill -TERM "$agent" 2>/dev/null && wait "$agent"
	grep -q '^llmos ' /proc/modules && rmmod llmos
}

fail() {
	echo "--- llmosd log"
	grep -v 'debug: exec\|debug: exit\|window' llmosd.log | tail -n 30
	echo "--- the frame probe's windows"
	grep "$frames (sched-probe) window" llmosd.log | tail -n 10
	echo "--- llmosctl top"
	$B/llmosctl top -n 1 --state "$PWD/sched.state"
	for p in $pids; do
		echo "pid $p ($(cat /proc/$p/comm 2>/dev/null)): nice $(nice_of $p)"
	done
	echo "FAIL: $*"
	cleanup
	exit 1
}

insmod "$LLMOS_KO" || exit 1
echo enforce >/sys/kernel/llmos/mode

# Rules by exe: copies of the programs, so that only they match.
cp $B/sched-hog ./exempt-hog
cp $B/sched-probe ./pinned-probe
{
	echo "# the guest test's rules"
	echo "exe $PWD/exempt-hog exempt"
	echo "exe $PWD/pinned-probe pin batch"
} >overrides

frames=
$B/llmosd --no-model --log-level debug --overrides "$PWD/overrides" \
	--state-file "$PWD/sched.state" >llmosd.log 2>&1 &
agent=$!
wait_attached llmosd.log "$agent" || fail "llmosd did not start"
[ "$(cat /sys/kernel/llmos/stats/agent_connected)" = 1 ] ||
	fail "llmosd did not register"
grep -q 'sched: 2 override rules' llmosd.log || fail "rules not loaded"

$B/sched-hog >/dev/null &
plain=$!
./exempt-hog >/dev/null &
exempt=$!
/usr/bin/nice -n 3 $B/sched-hog >/dev/null &
niced=$!
/usr/bin/chrt -b 0 $B/sched-hog >/dev/null &
chrt=$!
/usr/bin/ionice -c 2 -n 1 $B/sched-hog >/dev/null &
ioniced=$!
/usr/bin/taskset -c 0 $B/sched-hog >/dev/null &
cpu0=$!
./pinned-probe -f 1000 -d 0 >/dev/null &
probe=$!
# And, unpinned, the interactive probe and the I/O job of case 70.
$B/sched-probe -d 0 >/dev/null &
frames=$!
$B/sched-io >/dev/null &
io=$!
pids="$plain $exempt $niced $chrt $ioniced $cpu0 $probe $frames $io"

# The plain hog (measured: batch) and the probe (pinned: batch) get a
# positive nice.
deadline=$(($(ms) + 60000))
until [ "$(nice_of $plain)" -gt 0 ] && [ "$(nice_of $probe)" -gt 0 ]; do
	[ "$(ms)" -le "$deadline" ] ||
		fail "no positive nice on the hog and the pinned probe in 60 s"
	sleep 0.2
done
echo "hinted: hog nice $(nice_of $plain), pinned probe nice $(nice_of $probe)"

# For a few more windows, the others keep their values.
check_left_alone() {
	[ "$(nice_of $exempt)" = 0 ] || fail "exempt hog got nice $(nice_of $exempt)"
	[ "$(nice_of $niced)" = 3 ] || fail "niced hog got nice $(nice_of $niced)"
	[ "$(nice_of $chrt)" = 0 ] || fail "chrt hog got nice $(nice_of $chrt)"
	[ "$(nice_of $ioniced)" = 0 ] || fail "ionice hog got nice $(nice_of $ioniced)"
	[ "$(nice_of $cpu0)" = 0 ] || fail "taskset hog got nice $(nice_of $cpu0)"
	[ "$(nice_of $frames)" -le 0 ] || fail "the frame probe got nice $(nice_of $frames)"
}
i=0
while [ "$i" -lt 15 ]; do
	check_left_alone
	sleep 0.2
	i=$((i + 1))
done
/usr/bin/ionice -p "$ioniced" | grep -q 'best-effort: prio 1' ||
	fail "ionice hog: $(/usr/bin/ionice -p "$ioniced")"

# llmosctl top shows classes, hints and why the others have none.
$B/llmosctl top -n 1 --state "$PWD/sched.state" >top.txt 2>&1 ||
	fail "llmosctl top failed"
cat top.txt
# The figures, for the record (build/vm/cases/out.log).
sed 's/^/# sched-top /' top.txt >"${LLMOS_OUT:-/dev/null}"
row() {
	grep "^ *$1 " top.txt
}
row "$plain" | grep -q ' batch .* hint$' || fail "top: hog row"
row "$probe" | grep -q ' pin@3$' || fail "top: pinned probe row"
row "$exempt" | grep -q ' exempt@2$' || fail "top: exempt row"
row "$niced" | grep -q ' nice$' || fail "top: niced row"
row "$chrt" | grep -q ' chrt$' || fail "top: chrt row"
row "$ioniced" | grep -q ' ionice$' || fail "top: ionice row"
row "$cpu0" | grep -q ' taskset$' || fail "top: taskset row"
row "$frames" | grep -q ' interactive ' || fail "top: frame probe row"

# A bad line rejects the new file: the previous rules stay.
echo "exe /x pin fast" >>overrides
deadline=$(($(ms) + 20000))
until grep -q "overrides:4: unknown class" llmosd.log; do
	[ "$(ms)" -le "$deadline" ] || fail "bad override file not reported"
	sleep 0.2
done
grep -q "overrides:4: unknown class (interactive, batch, io, background); keeping the previous rules" llmosd.log ||
	fail "bad file message"
i=0
while [ "$i" -lt 15 ]; do
	check_left_alone
	[ "$(nice_of $probe)" -gt 0 ] || fail "pinned probe lost its hint"
	sleep 0.2
	i=$((i + 1))
done

# The classes as they were decided, for the record.
grep 'sched: .* is ' llmosd.log | sed 's/^/# sched-class /' >"${LLMOS_OUT:-/dev/null}"
grep "$frames (sched-probe) window" llmosd.log | sed 's/^/# sched-probe /' \
	>"${LLMOS_OUT:-/dev/null}"

# SIGTERM: llmosd unregisters and the module reverts its hints.
kill -TERM "$agent"
wait "$agent" || fail "llmosd exited with $?"
agent=
[ "$(nice_of $plain)" = 0 ] || fail "hog not restored: $(nice_of $plain)"
[ "$(nice_of $probe)" = 0 ] || fail "probe not restored: $(nice_of $probe)"
[ "$(nice_of $niced)" = 3 ] || fail "user's nice lost: $(nice_of $niced)"
grep 'sched: .* left to the user' llmosd.log || fail "no summary"
cleanup
echo "ok"
