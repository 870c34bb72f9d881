#!/bin/sh
# Build the test kernel's initramfs: busybox, the module, the project's
# programs, data and test scripts, and real programs with their libraries.
#
#   mkinitramfs.sh OUT.cpio.gz MODULE "BINS" "SHARE"
set -eu

out=$1
module=$2
bins=$3
share=$4
here=$(dirname "$0")
# Private to this run, so that two builds at once do not mix.
root=$(mktemp -d "$(dirname "$out")/root.XXXXXX")
trap 'rm -rf "$root"' EXIT

mkdir -p "$root"/bin "$root"/sbin "$root"/usr/bin "$root"/usr/sbin \
	"$root"/etc "$root"/proc "$root"/sys "$root"/dev "$root"/tmp \
	"$root"/run "$root"/root "$root"/llmos/bin "$root"/llmos/share \
	"$root"/llmos/suites
cp /bin/busybox "$root"/bin/busybox
cp "$here"/init "$root"/init
cp "$here"/guest-run.sh "$root"/llmos/guest-run.sh
[ -f "$module" ] && cp "$module" "$root"/llmos/llmos.ko
for b in $bins; do
	cp "$b" "$root"/llmos/bin/
done
for f in $share; do
	cp -r "$f" "$root"/llmos/share/
done
for suite in cases bench demo; do
	if [ -d "$here/$suite" ]; then
		mkdir -p "$root/llmos/suites/$suite"
		cp "$here/$suite"/*.sh "$root/llmos/suites/$suite/" 2>/dev/null || true
	fi
done

# Real programs and, through ldd, every library they load.
copy_with_path() {
	src=$(readlink -f "$1")
	mkdir -p "$root$(dirname "$1")"
	cp -L "$src" "$root$1"
}
grep -v '^#' "$here"/guest-programs | while read -r prog; do
	[ -n "$prog" ] || continue
	if [ ! -e "$prog" ]; then
		echo "mkinitramfs: $prog is missing on this machine" >&2
		exit 1
	fi
	copy_with_path "$prog"
	ldd "$prog" 2>/dev/null | sed -n 's/.*=> \(\/[^ ]*\).*/\1/p; s/^[[:space:]]*\(\/[^ ]*\) (.*/\1/p' |
	while read -r lib; do
		[ -e "$root$lib" ] || copy_with_path "$lib"
	done
done
# awk for scripts that want it.
ln -sf mawk "$root"/usr/bin/awk

cat >"$root"/etc/passwd <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/sh
PASSWD
cat >"$root"/etc/group <<'GROUP'
root:x:0:
nogroup:x:65534:
GROUP
echo "127.0.0.1 localhost" >"$root"/etc/hosts

chmod 755 "$root"
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) |
	gzip -1 >"$root.cpio.gz"
mv "$root.cpio.gz" "$out"
