# timeout: 45
# The training mix runs for 20 s without a failing activity and reaches
# most kinds of activity.
set -eu
normal-workload --seed 7 20 >out 2>&1 || { cat out; exit 1; }
tail -n 1 out
kinds=$(sed -n 's/^normal: \([a-z]*\)$/\1/p' out | sort -u | wc -l)
echo "$kinds kinds of activity"
[ "$kinds" -ge 8 ]
