# timeout: 120
# The consumer's own syscalls are never recorded; an ignored comm is
# filtered in the kernel (its exit still comes, so that state can be freed).
set -eu
probe-dump -- syscall-seq loop 2000 >dump.txt
consumer=$(awk '$1 == "consumer" { print $2 }' dump.txt)
[ -n "$consumer" ] || { echo "no consumer line"; exit 1; }
if awk -v c="$consumer" '$1 != "consumer" && $2 == c' dump.txt | grep -q .; then
	echo "records of the consumer itself:"
	awk -v c="$consumer" '$1 != "consumer" && $2 == c' dump.txt | head
	exit 1
fi
grep -q ' syscall-seq syscalls ' dump.txt ||
	{ echo "nothing recorded of syscall-seq"; exit 1; }

probe-dump -i syscall-seq -- syscall-seq loop 2000 >ignored.txt
if grep -E ' syscall-seq (syscalls|exec|fork|sched) ' ignored.txt; then
	echo "an ignored comm was recorded"
	exit 1
fi
grep -q ' syscall-seq exit 0$' ignored.txt ||
	{ echo "no exit of the ignored process"; exit 1; }
