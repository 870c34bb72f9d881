# The module loads, creates /dev/llmos and /sys/kernel/llmos, and unloads
# cleanly (the harness fails the case on any kernel warning).
set -eu
insmod "$LLMOS_KO"
grep -q '^llmos ' /proc/modules
[ -c /dev/llmos ] || { echo "no /dev/llmos"; exit 1; }
[ -d /sys/kernel/llmos ] || { echo "no /sys/kernel/llmos"; exit 1; }
rmmod llmos
[ ! -e /dev/llmos ] || { echo "/dev/llmos left behind"; exit 1; }
[ ! -e /sys/kernel/llmos ] || { echo "/sys/kernel/llmos left behind"; exit 1; }
