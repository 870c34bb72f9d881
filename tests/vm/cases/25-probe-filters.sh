# timeout: 180
# Filters set at run time, without reloading: an ignored cgroup with the
# cgroups below it, processes moving in and out of it, and sampling of
# whole processes (one in two: by tgid, even ones with -s 2).
set -eu
cg=/sys/fs/cgroup/llmos-probe-test
out=/sys/fs/cgroup/llmos-probe-out
[ -f /sys/fs/cgroup/cgroup.procs ] || { echo "no cgroup2 hierarchy"; exit 77; }
mkdir -p "$cg/inner" "$out"
trap 'rmdir "$cg/inner" "$cg" "$out" 2>/dev/null || true' EXIT
# On cgroup2 a cgroup's id is its directory's inode number.
id=$(stat -c %i "$cg")
probe-dump -g "$id" -- sh -c "echo \$\$ >$cg/cgroup.procs && exec syscall-seq loop 500" >cg.txt
probe-dump -- sh -c "echo \$\$ >$cg/cgroup.procs && exec syscall-seq loop 500" >all.txt
grep -q ' syscall-seq syscalls ' all.txt ||
	{ echo "syscall-seq in the cgroup not recorded unfiltered"; exit 1; }
if grep -q ' syscall-seq syscalls ' cg.txt; then
	echo "syscall-seq in ignored cgroup $id was recorded"
	exit 1
fi

# How many of syscall id $1 syscall-seq made, in dump $2.
count() {
	awk -v id="$1" '$6 == "syscalls" && $5 == "syscall-seq" {
		k = split($8, ids, ","); for (i = 1; i <= k; i++) if (ids[i] == id) n++ }
		END { print n + 0 }' "$2"
}
probe-dump -g "$id" -- sh -c "echo \$\$ >$cg/inner/cgroup.procs && exec syscall-seq loop 500" >inner.txt
n=$(count 110 inner.txt)
[ "$n" -eq 0 ] || { echo "$n getppid recorded in $cg/inner, below ignored $cg"; exit 1; }

# Moving in stops the tracing at once, moving out resumes it: getppid
# (110) is called before the move, umask (95) after it.
probe-dump -g "$id" -- syscall-seq move "$cg/inner/cgroup.procs" 300 >in.txt
before=$(count 110 in.txt) after=$(count 95 in.txt)
[ "$before" -ge 300 ] && [ "$after" -eq 0 ] ||
	{ echo "moved into the ignored cgroup: $before getppid before, $after umask after (want 300, 0)"; exit 1; }
probe-dump -g "$id" -- sh -c "echo \$\$ >$cg/cgroup.procs && exec syscall-seq move $out/cgroup.procs 300" >out.txt
before=$(count 110 out.txt) after=$(count 95 out.txt)
[ "$before" -eq 0 ] && [ "$after" -ge 300 ] ||
	{ echo "moved out of the ignored cgroup: $before getppid before, $after umask after (want 0, 300)"; exit 1; }

probe-dump -s 2 -- sh -c 'for i in 1 2 3 4 5 6 7 8; do syscall-seq loop 300; done' >s.txt
# Exits come for every process; syscalls only for sampled ones, complete.
awk '$6 == "exit" && $5 == "syscall-seq" { p[$2] = 1 }
	$6 == "syscalls" && $5 == "syscall-seq" {
		k = split($8, ids, ","); for (i = 1; i <= k; i++) if (ids[i] == 110) n[$2]++ }
	END {
		for (pid in p) {
			want = pid % 2 == 0 ? 300 : 0
			if (n[pid] + 0 < want || (want == 0 && n[pid] + 0 > 0)) {
				print "pid " pid ": " n[pid] + 0 " getppid recorded, want " want; bad = 1 }
			seen++
		}
		if (seen < 8) { print seen " exits of syscall-seq"; bad = 1 }
		exit bad
	}' s.txt
