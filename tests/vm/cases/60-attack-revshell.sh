# timeout: 20
# The reverse shell's listener gets back, over the socket, the output of
# id, uname and /etc/passwd from the /bin/sh that the announced process
# became. The listener reports once the shell has hung up.
set -eu
run-attacks revshell >out 2>&1 || { cat out; exit 1; }
for i in $(seq 50); do
	grep -q '^revshell: listener done$' out && break
	sleep 0.1
done
cat out
[ "$(grep -c '^attack revshell pid [0-9]*$' out)" -eq 1 ]
grep -q '^revshell: listener done$' out
grep -q 'uid=0(root)' out
grep -q 'Linux llmos-guest ' out
grep -q 'root:x:0:0:' out
