#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Live-attack evaluation (`make eval-live`): boots the test kernel with the
# shipped model and runs tests/vm/cases/80-anomaly-live.sh (held-out normal
# workload, then every attack of tests/attacks), then prints a table and
# writes build/eval-live.json: live_attacks, live_detected,
# live_false_alerts_per_hour, live_time_to_alert_ms_max.
#
#   eval-live.sh [--record]
#
# --record also brings the guest's recording, the attack log and the alerts
# back to build/eval-live-work/files/ for analysis on the host.
set -eu
BUILD=${BUILD:-build}
work=$BUILD/eval-live-work
mkdir -p "$work"
share="tests/attacks/attacks.list model/default.llmos tests/vm/agent-lib.sh"
rm -f "$work/eval-live-record"
if [ "${1:-}" = --record ]; then
	: >"$work/eval-live-record"
	share="$share $work/eval-live-record"
fi
[ -f model/default.llmos ] || { echo "eval-live: no model/default.llmos (make model)" >&2; exit 1; }
vmlinuz=$(sed -n 's/^VMLINUZ := //p' "$BUILD"/config.mk)
bins=$(ls "$BUILD"/bin/* "$BUILD"/tests/bin/* | tr '\n' ' ')
tests/vm/mkinitramfs.sh "$work/initramfs.cpio.gz" kmod/llmos.ko "$bins" "$share"
rm -rf "$work/vm"
rc=0
BUILD=$work tests/vm/run.sh --suite cases --filter '80-anomaly-live' \
	"$vmlinuz" "$work/initramfs.cpio.gz" || rc=$?
json=$(tr -d '\r' <"$work/vm/cases/out.log" | sed -n 's/^eval-live //p' | tail -n1)
[ -n "$json" ] || { echo "eval-live: no result" >&2; exit 1; }
echo "$json" >"$BUILD/eval-live.json"
[ ! -f "$work/eval-live-record" ] ||
	scripts/vm-files.sh "$work/vm/cases/out.log" "$work/files" || true
echo "$json" | tr -d '{}' | tr ',' '\n' | sed 's/^ *"\([^"]*\)": */\1 /' |
	awk '{ printf "%-34s %12s\n", $1, $2 }'
exit $rc
