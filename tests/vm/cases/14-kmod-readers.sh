# Readers: two at once (cat and a poll loop) each see every alert; a slow
# reader gets {"seq":N,"lost":K}; lseek rewinds; O_NONBLOCK gives EAGAIN; a
# too small buffer is EINVAL; hostile comm bytes come out as valid JSON
# escapes; an alert on an exited task carries the agent's comm and uid.
# timeout: 90
set -eu
. /llmos/share/kmod-lib.sh
load
sleep 1000 >/dev/null 2>&1 &
T=$!

cat /dev/llmos >cat.out &
C=$!
$DT read poll count=3 timeout=20000 >poll.out &
P=$!
wait_for 20 stat_is readers 2 || fail "readers did not open"
$DT agent alert $T 6000 alert $T 7125 detail='say "hi"' alert $T 5000 \
	alert $T 4999 >agent.log 2>&1 || fail "alerts"
cat agent.log
grep -q "alert $T seq=0 action=0 result=2: OK" agent.log ||
	fail "below-threshold alert not reported"
wait "$P" || fail "poll reader"
wait_for 20 test "$(wc -l <cat.out)" -ge 3 || fail "cat got $(wc -l <cat.out)"
kill "$C"
wait "$C" 2>/dev/null || true
for f in cat.out poll.out; do
	cat "$f"
	expect_eq "$(wc -l <$f)" 3 "lines in $f"
	expect_eq "$(cut -d, -f1 $f | tr '\n' ' ')" \
		'{"seq":1 {"seq":2 {"seq":3 ' "seqs in $f"
	grep -q "\"pid\":$T,\"start_time\":$(info $T 1),\"comm\":\"sleep\",\"uid\":0,\"score\":6.000,\"threshold\":5.000,\"category\":\"anomaly\",\"action\":\"none\",\"detail\":\"test alert\"}" "$f" ||
		fail "first line of $f"
	grep -qF '"score":7.125,' "$f" || fail "score in $f"
	grep -qF '"detail":"say \"hi\""' "$f" || fail "escaped detail in $f"
done
expect_eq "$(stat_of alerts_published)" 3 alerts_published
expect_eq "$(stat_of alerts_below_threshold)" 1 alerts_below_threshold
expect_eq "$(stat_of readers)" 0 readers

# Rewind: a new reader sees nothing, then everything retained.
$DT read nonblock >empty.out && fail "empty non-blocking read succeeded"
expect_eq "$(cat empty.out)" EAGAIN "non-blocking read"
$DT read nonblock rewind count=3 >rewind.out || fail "rewind"
cmp rewind.out cat.out || fail "rewind differs"
$DT read nonblock rewind bufsize=10 >small.out && fail "small buffer read"
expect_eq "$(cat small.out)" EINVAL "read into a small buffer"

# A slow reader loses alerts and is told so.
echo 16 >$K/ring_size
rm -f published
$DT read waitfile=published count=17 >slow.out &
S=$!
wait_for 20 stat_is readers 1 || fail "slow reader did not open"
set --
i=0
while [ $i -lt 40 ]; do
	set -- "$@" alert $T 6000
	i=$((i + 1))
done
$DT agent "$@" >agent.log 2>&1 || fail "40 alerts"
touch published
wait "$S" || fail "slow reader"
head -n 2 slow.out
expect_eq "$(head -n 1 slow.out)" '{"seq":4,"lost":24}' "lost line"
expect_eq "$(sed -n 2p slow.out | cut -d, -f1)" '{"seq":28' "first kept"
expect_eq "$(tail -n 1 slow.out | cut -d, -f1)" '{"seq":43' "last kept"
expect_eq "$(stat_of alerts_lost)" 24 alerts_lost

# Shrinking the ring keeps the newest alerts.
echo 20 >$K/ring_size
$DT read nonblock rewind count=16 >r16.out || fail "after resize"
echo 16 >$K/ring_size
echo 8 >$K/ring_size 2>/dev/null && fail "ring_size 8 accepted"
$DT read nonblock rewind count=16 >r16b.out || fail "after resize"
cmp r16.out r16b.out || fail "resize lost retained alerts"

# Hostile comm bytes, and a task that is gone.
X=$($DT comm 'a"b\x5c\x0a\x01\xff}')
$DT agent alert "$X" 9000 alert 4000000 9000 comm='gh"ost' \
	>agent.log 2>&1 || fail "hostile alerts"
kill "$X"
$DT read nonblock rewind >all.out 2>/dev/null || true
tail -n 2 all.out
grep -qF '"comm":"a\"b\\\n\u0001\u00ff}",' all.out || fail "escaped comm"
grep -qF '"pid":4000000,"start_time":12345,"comm":"gh\"ost","uid":4242,' \
	all.out || fail "exited task line"
grep -qF '"exited":true' all.out || fail "exited flag"
kill "$T"
echo ok
