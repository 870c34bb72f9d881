#!/bin/sh
# Install, from Debian's packages, whatever building and testing llmos needs.
# Idempotent: does nothing (and needs no network) when everything is present.
set -eu

PKGS="
linux-image-cloud-amd64
linux-headers-cloud-amd64
linux-source-6.1
libbpf-dev
libelf-dev
zlib1g-dev
libzstd-dev
bpftool
clang
llvm
gcc
make
qemu-system-x86
busybox-static
cpio
kmod
bc
flex
bison
python3
libssl-dev
libcmocka-dev
perl
bzip2
xz-utils
diffutils
util-linux
"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q '^install ok installed$'; then
		missing="$missing $p"
	fi
done

[ -z "$missing" ] && exit 0

echo "deps: installing:$missing" >&2
if [ "$(id -u)" != 0 ]; then
	SUDO=sudo
else
	SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >&2
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing >&2
