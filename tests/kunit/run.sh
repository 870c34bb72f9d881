#!/bin/bash
# Run the module's KUnit suites with kunit.py and print their KTAP.
#
#   run.sh LINUX_SRC um       UML with KASAN (tests/kunit/.kunitconfig)
#   run.sh LINUX_SRC x86_64   a real x86_64 kernel under QEMU, adding
#                             lockdep (tests/kunit/lockdep.config)
#
# The module's sources are linked into the kernel tree as drivers/misc/llmos;
# the build folder build/kunit-ARCH is kept, so later runs are incremental.
set -eu -o pipefail
src=$1
arch=$2
root=$(pwd)
build=$root/${BUILD:-build}/kunit-$arch

# Link kmod/ into the tree and hook it into drivers/misc, once.
ln -sfn "$root/kmod" "$src/drivers/misc/llmos"
if ! grep -q 'drivers/misc/llmos/Kconfig' "$src/drivers/misc/Kconfig"; then
	# Before the menu's last line ("endmenu").
	sed -i '$ i source "drivers/misc/llmos/Kconfig"' "$src/drivers/misc/Kconfig"
fi
if ! grep -q 'llmos/' "$src/drivers/misc/Makefile"; then
	echo 'obj-$(CONFIG_LLMOS) += llmos/' >>"$src/drivers/misc/Makefile"
fi

set -- --kunitconfig="$root/tests/kunit/.kunitconfig"
if [ "$arch" != um ]; then
	set -- "$@" --kunitconfig="$root/tests/kunit/lockdep.config"
fi
cd "$src"
out=$build.ktap
rc=0
python3 tools/testing/kunit/kunit.py run --arch="$arch" \
	--build_dir="$build" --jobs="$(nproc)" --timeout=600 \
	--kernel_args=panic=-1 \
	--raw_output=kunit "$@" | tee "$out" || rc=$?
# kunit.py exits 0 when the kernel dies before any suite runs (e.g. an oops
# in the module's init): no KTAP is a failure, with the kernel's reason.
if ! grep -q '^ *KTAP version' "$out"; then
	reason=$( (grep -m1 -E 'BUG:|Oops|Kernel panic|general protection' \
		"$build/test.log" || grep -m1 'WARNING:' "$build/test.log") \
		2>/dev/null | sed 's/^<[0-9]>//; s/^\[[ 0-9.]*\] //')
	echo "not ok 1 - kunit $arch: no test results${reason:+: $reason}"
	tail -n 40 "$build/test.log" 2>/dev/null | sed 's/^/# /'
	exit 1
fi
exit "$rc"
