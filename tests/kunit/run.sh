#!/bin/sh
# Run the module's KUnit suites with kunit.py and print their KTAP.
#
#   run.sh LINUX_SRC um       UML with KASAN (tests/kunit/.kunitconfig)
#   run.sh LINUX_SRC x86_64   a real x86_64 kernel under QEMU, adding
#                             lockdep (tests/kunit/lockdep.config)
#
# The module's sources are linked into the kernel tree as drivers/misc/llmos;
# the build folder build/kunit-ARCH is kept, so later runs are incremental.
set -eu
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
exec python3 tools/testing/kunit/kunit.py run --arch="$arch" \
	--build_dir="$build" --jobs="$(nproc)" --timeout=600 \
	--raw_output=kunit "$@"
