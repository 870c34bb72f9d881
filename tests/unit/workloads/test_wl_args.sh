#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The normal workload's helpers refuse a bad number on their command line:
# exit status 2 and a message naming the program, the value and the range,
# before doing anything; a good number is taken. TAP.
set -u
. "$(dirname "$0")/../../lib/tap.sh"
bin=${BUILD:-build}/tests/bin
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for p in wl-loop wl-journal; do
	[ -x "$bin/$p" ] || tap_bail "$bin/$p is built"
done

loop=$bin/wl-loop
tap_expect "wl-loop spin x: not a number" 2 \
	"wl-loop: x is not a number in 1..3600000" "$loop" spin x
tap_expect "wl-loop spin 12ms: trailing text" 2 \
	"wl-loop: 12ms is not a number in 1..3600000" "$loop" spin 12ms
tap_expect "wl-loop spin '': empty" 2 "wl-loop:  is not a number" \
	"$loop" spin ''
tap_expect "wl-loop spin 0: below the range" 2 \
	"wl-loop: 0 is not a number in 1..3600000" "$loop" spin 0
tap_expect "wl-loop spin 3600001: above the range" 2 \
	"wl-loop: 3600001 is not a number" "$loop" spin 3600001
tap_expect "wl-loop spin 99999999999999999999: out of a long's range" 2 \
	"wl-loop: 99999999999999999999 is not a number" \
	"$loop" spin 99999999999999999999
tap_expect "wl-loop frames: work percent 91 above 0..90" 2 \
	"wl-loop: 91 is not a number in 0..90" "$loop" frames 10 5 91
"$loop" spin 1 >"$tmp/out" 2>&1
tap_equal "wl-loop spin 1: taken" "$?" 0
if grep -q '^loops=' "$tmp/out"; then
	tap_pass "wl-loop spin 1 reports its loops"
else
	tap_fail "wl-loop spin 1 reports its loops" "output: $(cat "$tmp/out")"
fi

j=$bin/wl-journal
tap_expect "wl-journal -t abc: not a number" 2 \
	"wl-journal: abc is not a number in 1..1000000" \
	"$j" -t abc "$tmp/wal"
tap_expect "wl-journal -b 1025: above the range" 2 \
	"wl-journal: 1025 is not a number in 1..1024" "$j" -b 1025 "$tmp/wal"
if [ ! -e "$tmp/wal" ]; then
	tap_pass "wl-journal refused before touching its directory"
else
	tap_fail "wl-journal refused before touching its directory"
fi

tap_done
