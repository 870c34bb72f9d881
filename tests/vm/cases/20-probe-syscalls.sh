# timeout: 120
# The probes record syscall-seq's marker sequence in order and under its
# own pid, and tag its int 0x80 getpid as i386.
set -eu
probe-dump -- syscall-seq >dump.txt
pid=$(awk '$6 == "exec" && $7 ~ /\/syscall-seq$/ { print $2 }' dump.txt)
if [ -z "$pid" ]; then
	echo "no exec of syscall-seq recorded"
	head -n 40 dump.txt
	exit 1
fi
# Its x86_64 ids, every batch in order, as one list.
ids=$(awk -v p="$pid" '$2 == p && $6 == "syscalls" && $7 == "x86_64" {
	printf "%s,", $8 }' dump.txt)
# getppid umask getuid getgid geteuid getegid getpgrp umask
m=110,95,102,104,107,108,111,95
case ",$ids" in
*",$m,$m,$m,"*) ;;
*)
	echo "marker sequence not found in pid $pid's syscalls: $ids"
	exit 1
	;;
esac
# No other process shows the marker.
others=$(awk -v p="$pid" '$2 != p && $6 == "syscalls" { printf "%s,", $8 }' dump.txt)
case ",$others" in
*",$m,"*)
	echo "marker sequence under another pid"
	exit 1
	;;
esac
# The compat getpid (i386 number 20) in a batch of its own ABI.
if ! awk -v p="$pid" '$2 == p && $6 == "syscalls" && $7 == "i386" &&
		$8 == "20" { found = 1 } END { exit !found }' dump.txt; then
	echo "no i386 getpid under pid $pid"
	grep " syscalls i386 " dump.txt || true
	exit 1
fi
# Batching: the marker run arrives in few records, not one per syscall.
n=$(awk -v p="$pid" '$2 == p && $6 == "syscalls"' dump.txt | wc -l)
[ "$n" -le 20 ] || { echo "$n syscall records for a 60-syscall program"; exit 1; }
