# The agent's proposed threshold becomes alert_threshold while root has not
# written one; REGISTER returns the current knobs.
set -eu
. /llmos/share/kmod-lib.sh
load
out=$($DT register threshold=3500)
echo "$out"
case $out in
*"threshold=3500 "*) ;;
*) fail "register did not report the threshold" ;;
esac
expect_eq "$(cat $K/alert_threshold)" 3.500 "threshold from the agent"
echo ok
