# The guest has what later cases rely on: two CPUs, BTF for CO-RE, the
# real programs with their libraries, an unprivileged user.
# (busybox sh runs its own applets first: real programs by absolute path.)
set -eu
[ "$(grep -c ^processor /proc/cpuinfo)" -eq 2 ]
[ -r /sys/kernel/btf/vmlinux ]
echo hello | /bin/gzip | /usr/bin/xz | /usr/bin/xz -d | /bin/gzip -d |
	/bin/grep -q hello
/bin/bash -c 'echo $((6 * 7))' | grep -qx 42
/usr/bin/perl -e 'print "ok\n"' | grep -qx ok
[ "$(/usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups id -u)" -eq 65534 ]
/usr/bin/nice -n 5 /bin/sh -c "cat /proc/self/stat" | awk '{ exit !($19 == 5) }'
