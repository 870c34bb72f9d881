# timeout: 20
# The escalation attempts run as nobody and the kernel denies every one;
# root inside a user namespace is all the attacker gets.
set -eu
run-attacks privesc >out 2>&1 || { cat out; exit 1; }
cat out
grep -q '^attack privesc pid [0-9]*$' out
grep -q '^privesc: Uid:.65534.65534' out
[ "$(grep -c ': denied (' out)" -ge 14 ]
if grep -q ALLOWED out; then exit 1; fi
grep -q 'every attempt denied' out
grep -q 'user namespace: ok, uid 0 inside it' out
