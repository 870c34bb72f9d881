# timeout: 120
# exec, fork and exit of syscall-seq and of its child are recorded with
# identities, parents and exit codes.
set -eu
probe-dump -- syscall-seq >dump.txt
pid=$(awk '$6 == "exec" && $7 ~ /\/syscall-seq$/ { print $2 }' dump.txt)
[ -n "$pid" ] || { echo "no exec of syscall-seq"; exit 1; }
consumer=$(awk '$1 == "consumer" { print $2 }' dump.txt)
# The exec is by the consumer's child, named after the new image.
awk -v p="$pid" -v c="$consumer" '$6 == "exec" && $2 == p && $3 == p &&
	$4 == c && $5 == "syscall-seq" { ok = 1 } END { exit !ok }' dump.txt ||
	{ echo "exec record wrong"; grep " exec " dump.txt; exit 1; }
# The consumer's fork of it.
awk -v p="$pid" -v c="$consumer" '$6 == "fork" && $2 == p && $7 == c {
	ok = 1 } END { exit !ok }' dump.txt ||
	{ echo "no fork of $pid by $consumer"; grep " fork " dump.txt; exit 1; }
# syscall-seq's own child: forked, then exit(7) (wait status 7 << 8).
child=$(awk -v p="$pid" '$6 == "fork" && $7 == p { print $2 }' dump.txt)
[ -n "$child" ] || { echo "no fork by $pid"; grep " fork " dump.txt; exit 1; }
awk -v k="$child" -v p="$pid" '$6 == "exit" && $2 == k && $4 == p &&
	$7 == 1792 { ok = 1 } END { exit !ok }' dump.txt ||
	{ echo "no exit 7 of $child"; grep " exit " dump.txt; exit 1; }
awk -v p="$pid" '$6 == "exit" && $2 == p && $7 == 0 { ok = 1 }
	END { exit !ok }' dump.txt ||
	{ echo "no exit 0 of $pid"; grep " exit " dump.txt; exit 1; }
# Ordered: exec before the child's fork, the child's exit before ours.
awk -v p="$pid" -v k="$child" '
	$6 == "exec" && $2 == p { e = NR }
	$6 == "fork" && $2 == k { f = NR }
	$6 == "exit" && $2 == k { x = NR }
	$6 == "exit" && $2 == p { y = NR }
	END { exit !(e < f && f < x && x < y) }' dump.txt ||
	{ echo "lifecycle out of order"; exit 1; }
# Every record of the process carries the same identity (start_time is
# not printed; tgid and ppid are).
awk -v p="$pid" -v c="$consumer" '$2 == p && $6 != "fork" && $4 != c {
	bad = 1 } END { exit bad }' dump.txt ||
	{ echo "a record of $pid names another parent"; exit 1; }
