# Concurrency: three readers (blocking, poll, slow) while the agent
# publishes 3000 alerts and root resizes the ring back and forth. Each
# reader's seqs only grow, and lines plus lost alerts add up to exactly
# what was published after it opened: nothing is lost silently.
# timeout: 240
set -eu
. /llmos/share/kmod-lib.sh
load
N=3000

$DT read count=-1 >r1.out &
R1=$!
$DT read poll timeout=30000 >r2.out &
R2=$!
$DT read delay=3000 bufsize=600 >r3.out &
R3=$!
wait_for 20 stat_is readers 3 || fail "readers did not open"

( while :; do
	echo 16 >$K/ring_size
	echo 4096 >$K/ring_size
	echo 64 >$K/ring_size
done ) &
Z=$!
set --
i=0
while [ $i -lt 100 ]; do
	set -- "$@" alert 1 9000
	i=$((i + 1))
done
i=0
while [ $i -lt $((N / 100)) ]; do
	$DT agent "$@" >agent.log 2>&1 || fail "alerts"
	i=$((i + 1))
done
kill "$Z"
wait "$Z" 2>/dev/null || true
expect_eq "$(stat_of alerts_published)" $N alerts_published
# The newest alert is always retained, so every reader ends on it.
for f in r1.out r2.out r3.out; do
	wait_for 60 grep -q "^{\"seq\":$N," "$f" || fail "$f did not reach $N"
done
kill "$R1" "$R2" "$R3"
wait 2>/dev/null || true

for f in r1.out r2.out r3.out; do
	awk -v n=$N -v f=$f '
		{ if (!match($0, /^\{"seq":[0-9]+/)) { print f ": bad " $0; bad = 1; exit }
		  seq = substr($0, 8, RLENGTH - 7) + 0
		  if (seq <= last) { print f ": seq " seq " after " last; bad = 1; exit }
		  if (match($0, /"lost":[0-9]+/)) {
			k = substr($0, RSTART + 7, RLENGTH - 7) + 0
			lost += k; last = seq + k - 1
		  } else { got++; last = seq }
		}
		END { if (bad) exit 1
		      printf "%s: %d lines, %d lost, last %d\n", f, got, lost, last
		      if (got + lost != n || last != n) exit 1 }' "$f" ||
		fail "$f does not account for every alert"
done
echo ok
