# timeout: 20
# The fileless payload runs from a memfd (its /proc/self/exe says so) in the
# process that announced itself: execveat keeps the pid.
set -eu
run-attacks fileless >out 2>&1 || { cat out; exit 1; }
cat out
pid=$(sed -n 's/^attack fileless pid \([0-9]*\)$/\1/p' out)
[ -n "$pid" ]
grep -q "^fileless: payload pid $pid exe /memfd:kworker (deleted) " out
