# sysfs knobs: good values are taken, every bad value is -EINVAL and leaves
# the old value, nice_min <= nice_max always; stats/ is read-only.
set -eu
. /llmos/share/kmod-lib.sh
load

# set KNOB VALUE EXPECTED_READBACK
set_ok() {
	echo "$2" >"$K/$1" || fail "write '$2' to $1"
	expect_eq "$(cat $K/$1)" "$3" "$1 after '$2'"
}
# set_bad KNOB VALUE: refused with EINVAL, old value stays.
set_bad() {
	old=$(cat "$K/$1")
	if err=$(sh -c "echo '$2' >$K/$1" 2>&1); then
		fail "$1 took '$2'"
	fi
	case $err in
	*"Invalid argument"*) ;;
	*) fail "$1 <- '$2': $err" ;;
	esac
	expect_eq "$(cat $K/$1)" "$old" "$1 kept after '$2'"
}

set_ok enabled 0 0
set_ok enabled 1 1
set_bad enabled 2
set_bad enabled maybe
set_ok mode observe observe
set_ok mode enforce enforce
set_bad mode enforcing
set_bad mode ""
set_ok nice_min -20 -20
set_bad nice_min -21
set_ok nice_max 5 5
set_bad nice_min 6		# > nice_max
set_ok nice_min 5 5
set_bad nice_max 4		# < nice_min
set_bad nice_max 20
set_bad nice_max x
set_ok nice_min -5 -5
set_ok nice_max 19 19
set_ok hint_ttl_ms 100 100
set_bad hint_ttl_ms 99
set_bad hint_ttl_ms 3600001
set_bad hint_ttl_ms -1
set_ok hint_ttl_ms 10000 10000
set_ok watchdog_ms 250 250
set_bad watchdog_ms 0
set_bad watchdog_ms 99999999999
set_ok watchdog_ms 5000 5000
set_ok alert_threshold 4.25 4.250
set_ok alert_threshold 7 7.000
set_bad alert_threshold -1
set_bad alert_threshold 1.2345
set_bad alert_threshold nan
set_bad alert_threshold 1e3
set_ok alert_action kill kill
set_ok alert_action freeze freeze
set_ok alert_action throttle throttle
set_ok alert_action none none
set_bad alert_action reboot
set_ok max_hints 1 1
set_bad max_hints 0
set_bad max_hints 65537
set_ok max_hints 1024 1024
set_ok ring_size 16 16
set_bad ring_size 15
set_bad ring_size 16385
set_ok ring_size 16384 16384
set_ok ring_size 1024 1024

# An agent's threshold proposal does not override root's explicit choice.
$DT register threshold=3500 >/dev/null
expect_eq "$(cat $K/alert_threshold)" 7.000 "threshold after register"

# stats/ cannot be written, even by root.
if sh -c "echo 5 >$K/stats/hints_applied" 2>/dev/null; then
	fail "stats/hints_applied is writable"
fi
expect_eq "$(stat_of hints_applied)" 0 "hints_applied"
echo ok
