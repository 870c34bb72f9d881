# rmmod while a reader is blocked in read(): refused (the open file holds
# the module), the reader keeps working; a signal ends the blocked read;
# then rmmod succeeds.
set -eu
. /llmos/share/kmod-lib.sh
load

cat /dev/llmos >cat.out &
C=$!
wait_for 20 stat_is readers 1 || fail "reader did not open"
sleep 0.5
if rmmod llmos 2>rmmod.err; then
	fail "rmmod succeeded under a blocked reader"
fi
cat rmmod.err
grep -q '^llmos ' /proc/modules || fail "module gone"
$DT agent alert 1 9000 >agent.log 2>&1 || fail "alert"
wait_for 10 grep -q '"seq":1,' cat.out || fail "reader stopped working"
kill "$C"
wait "$C" 2>/dev/null || true
wait_for 10 stat_is readers 0 || fail "reader not released"
rmmod llmos || fail "rmmod after the reader left"
echo ok
