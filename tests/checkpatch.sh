#!/bin/sh
# checkpatch.pl --strict over the kernel code, one TAP result a file.
#
#   checkpatch.sh LINUX_SRC
set -u
checkpatch=$1/scripts/checkpatch.pl
# (*.mod.c is Kbuild's output, not ours.)
files=$(find kmod include/uapi -name '*.[ch]' ! -name '*.mod.c' 2>/dev/null |
	LC_ALL=C sort)
if [ -z "$files" ]; then
	echo "not ok 1 - no kernel sources found under kmod/"
	exit 1
fi
n=0
status=0
for f in $files; do
	n=$((n + 1))
	if report=$("$checkpatch" --strict --no-tree --quiet --show-types \
			--no-summary -f "$f" 2>&1) && [ -z "$report" ]; then
		echo "ok $n - $f"
	else
		echo "$report" | sed 's/^/# /'
		echo "not ok $n - $f"
		status=1
	fi
done
echo "1..$n"
exit $status
