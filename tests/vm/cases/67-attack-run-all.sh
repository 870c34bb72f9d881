# timeout: 40
# The runner goes through every listed attack unattended and each one
# announces itself and succeeds.
set -eu
run-attacks --pause 0 >out 2>&1 || { cat out; exit 1; }
grep '^attack ' out
n=0
for a in $(run-attacks --list); do
	grep -q "^attack $a pid [0-9]*$" out || { echo "$a did not run"; exit 1; }
	[ -x "/llmos/bin/attack-$a" ]
	n=$((n + 1))
done
[ "$n" -ge 6 ]
[ "$(ls /llmos/bin/attack-* | wc -l)" -eq "$n" ]
rm -rf /var/tmp/.X11-cache
