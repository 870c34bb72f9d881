# timeout: 180
# Drops are counted per cause: none while the consumer keeps up, and the
# ring-buffer counter grows when a one-page ring is left undrained.
set -eu
probe-dump -- syscall-seq loop 20000 >dump.txt
pid=$(awk '$6 == "exec" && $7 ~ /\/syscall-seq$/ { print $2 }' dump.txt)
n=$(awk -v p="$pid" '$2 == p && $6 == "syscalls" {
	k = split($8, ids, ","); for (i = 1; i <= k; i++) if (ids[i] == 110) c++ }
	END { print c + 0 }' dump.txt)
tail -n1 dump.txt
[ "$n" -ge 20000 ] || { echo "$n of 20000 getppid recorded"; exit 1; }
grep -q '^drops ringbuf=0 storage=0$' dump.txt ||
	{ echo "drops with a drained ring"; exit 1; }

probe-dump -r 4096 -w -- syscall-seq loop 200000 >tiny.txt
tail -n1 tiny.txt
lost=$(sed -n 's/^drops ringbuf=\([0-9]*\) .*/\1/p' tiny.txt)
[ "${lost:-0}" -gt 10000 ] ||
	{ echo "ringbuf drops did not grow with a tiny ring: ${lost:-none}"; exit 1; }
