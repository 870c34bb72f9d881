#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# tests/sched/report.sh on a guest log with known figures: the ratios it
# writes to the JSON file and the per-round work ratios it prints. TAP.
set -u
here=$(dirname "$0")
. "$here/../../lib/tap.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Work of a run: units + hog_units + 2 * io_kib (2 units a KiB). The
# serial console ends lines with CR, as the real log does.
printf '%s\r\n' \
	'sched_units_per_io_kib 2' \
	'sched_p99_us_none 1000' 'sched_p99_us_static 400' \
	'sched_p99_us_llmos 300' \
	'sched_work_none 135' 'sched_work_static 130' 'sched_work_llmos 129' \
	'sched_idle_share_llmos 0.0435' 'sched_ctxt_per_s_llmos 652' \
	'# sched round=1 cfg=none frames=1 units=10 p99_us=900 hog_units=20 io_kib=5' \
	'# sched round=1 cfg=static frames=1 units=10 p99_us=400 hog_units=20 io_kib=5' \
	'# sched round=1 cfg=llmos frames=1 units=10 p99_us=500 hog_units=18 io_kib=5' \
	'# sched round=2 cfg=static frames=1 units=20 p99_us=250 hog_units=20 io_kib=5' \
	'# sched round=2 cfg=llmos frames=1 units=20 p99_us=200 hog_units=25 io_kib=5' \
	'# sched round=2 cfg=none frames=1 units=20 p99_us=800 hog_units=20 io_kib=5' \
	'# sched round=3 cfg=llmos frames=1 units=10 hog_units=16 io_kib=5' \
	'# sched round=3 cfg=none frames=1 units=10 hog_units=25 io_kib=5' \
	'# sched round=3 cfg=static frames=1 units=10 p99_us=300 hog_units=20 io_kib=5' \
	>"$tmp/out.log"

if ! "$here/../../sched/report.sh" "$tmp/out.log" "$tmp/sched.json" \
	>"$tmp/table" 2>&1; then
	tap_bail "report.sh runs" "$(cat "$tmp/table")"
fi
json=$(cat "$tmp/sched.json")
key() {
	echo "$json" | tr ',{}' '\n\n\n' | sed -n "s/^ *\"$1\": //p"
}

tap_equal "p99 ratio in the JSON" "$(key sched_p99_ratio)" 0.300
tap_equal "work ratio in the JSON" "$(key sched_throughput_ratio)" 0.956
tap_equal "static rule's work ratio" "$(key sched_throughput_ratio_static)" 0.963
# Rounds: llmos 38, 55, 36 against static 40, 50, 40 and none 40, 50, 45.
tap_equal "llmos/static by round, sorted, with the median" \
	"$(grep '^work llmos/static' "$tmp/table")" \
	"work llmos/static by round: 0.900 0.950 1.100 (median 0.950)"
tap_equal "llmos/none by round, sorted, with the median" \
	"$(grep '^work llmos/none' "$tmp/table")" \
	"work llmos/none by round: 0.800 0.950 1.100 (median 0.950)"
# p99: llmos 500, 200 and none against static 400, 250, 300: round 3 has
# no pair.
tap_equal "llmos/static p99 by round, sorted, with the median" \
	"$(grep '^p99 llmos/static' "$tmp/table")" \
	"p99 llmos/static by round: 0.800 1.250 (median 1.025)"
tap_equal "idle share and switches in llmos's row" \
	"$(awk '$1 == "llmos" { print $(NF - 1), $NF }' "$tmp/table")" "4.3 652"

tap_done
