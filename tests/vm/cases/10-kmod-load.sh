# llmos.ko: /dev/llmos is a 0640 root:root misc device, every sysfs file
# exists with its documented default, and the module unloads cleanly.
set -eu
. /llmos/share/kmod-lib.sh
load

set -- $(ls -ln /dev/llmos)
expect_eq "$1" "crw-r-----" "/dev/llmos mode"
expect_eq "$3:$4" "0:0" "/dev/llmos owner"

for f in enabled:1 mode:enforce nice_min:-5 nice_max:19 hint_ttl_ms:10000 \
	watchdog_ms:5000 alert_threshold:5.000 alert_action:none \
	max_hints:1024 ring_size:1024; do
	expect_eq "$(cat $K/${f%%:*})" "${f#*:}" "default ${f%%:*}"
	set -- $(ls -ln $K/${f%%:*})
	expect_eq "$1" "-rw-r--r--" "mode of ${f%%:*}"
done
for s in hints_applied hints_rejected hints_reverted alerts_published \
	alerts_below_threshold alerts_lost readers agent_connected \
	hints_user_changed hints_expired hints_reaped hints_active \
	heartbeats watchdog_expired alert_actions rejected_no_process \
	rejected_start_time rejected_kernel_thread rejected_init \
	rejected_agent rejected_observe rejected_disabled \
	rejected_table_full rejected_busy rejected_watchdog rejected_invalid; do
	expect_eq "$(stat_of $s)" 0 "stats/$s"
	set -- $(ls -ln $K/stats/$s)
	expect_eq "$1" "-r--r--r--" "mode of stats/$s"
done

# TASK_INFO sees pid 1, kernel threads and our own start_time.
set -- $($DT info 1)
expect_eq "$2" 0 "nice of pid 1"
set -- $($DT info 2)
expect_eq "$5" 0x1 "kthreadd flags"

rmmod llmos
[ ! -e /dev/llmos ] || fail "/dev/llmos left behind"
[ ! -e $K ] || fail "$K left behind"
echo ok
