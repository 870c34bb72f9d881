# timeout: 240
# Attaching and detaching again and again under a fork- and thread-heavy
# load, with a ring small enough to overflow: every run ends cleanly and
# the kernel stays quiet (the harness fails the case on any warning). The
# load runs throughout, so that every attach and detach patches code that
# the other CPU is running through.
set -eu
(
	while [ ! -e stop ]; do
		syscall-seq threads 4 500 &
		syscall-seq
		wait
	done
) >/dev/null 2>&1 &
load=$!
for i in 1 2 3 4 5 6; do
	kill -0 "$load" 2>/dev/null ||
		{ echo "run $i: the load is not running"; exit 1; }
	probe-dump -r 16384 -l 0 -- syscall-seq loop 20000 >d$i.txt
	tail -n1 d$i.txt
	grep -q '^drops ringbuf=[0-9]* storage=[0-9]*$' d$i.txt ||
		{ echo "run $i: no drop counters"; exit 1; }
done
kill -0 "$load" 2>/dev/null || { echo "the load is not running"; exit 1; }
touch stop
wait "$load" || { echo "the load failed"; exit 1; }
