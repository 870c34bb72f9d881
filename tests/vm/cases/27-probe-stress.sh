# timeout: 240
# Attaching and detaching again and again, each time under a fork- and
# thread-heavy traced load with a ring small enough to overflow: every run
# ends cleanly and the kernel stays quiet (the harness fails the case on
# any warning).
#
# The load starts after each attach, not during it, to keep this case about
# the probes' own teardown rather than QEMU's handling of live text
# patching (see tests/vm/run.sh).
set -eu
for i in 1 2 3 4 5 6; do
	probe-dump -r 16384 -l 0 -- sh -c '
		for j in 1 2 3 4 5 6 7 8; do
			syscall-seq threads 4 500 &
			syscall-seq
		done
		wait
		syscall-seq loop 20000' >d$i.txt
	tail -n1 d$i.txt
	grep -q '^drops ringbuf=[0-9]* storage=[0-9]*$' d$i.txt ||
		{ echo "run $i: no drop counters"; exit 1; }
done
