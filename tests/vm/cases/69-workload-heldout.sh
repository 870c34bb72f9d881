# timeout: 30
# A seed always picks the same activities, the held-out mix picks others,
# and the held-out mix runs without a failing activity.
set -eu
[ "$(normal-workload --seed 3 --plan 40)" = "$(normal-workload --seed 3 --plan 40)" ]
[ "$(normal-workload --seed 3 --plan 40)" != "$(normal-workload --seed 4 --plan 40)" ]
[ "$(normal-workload --seed 3 --plan 40)" != "$(normal-workload --seed 3 --heldout --plan 40)" ]
normal-workload --heldout 8 >out 2>&1 || { cat out; exit 1; }
tail -n 1 out
