#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# `make install` into a DESTDIR: the programs, the shipped model, the
# documentation, the systemd unit naming the installed llmosd, and the
# module for the test kernel; the installed llmosd finds the installed
# model with no argument. Nothing is loaded. TAP.
set -u
. "$(dirname "$0")/../../lib/tap.sh"
bin=${BUILD:-build}/bin
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
kver=$(sed -n 's/^KVER := //p' "${BUILD:-build}/config.mk")
[ -n "$kver" ] || tap_bail "the test kernel's release in build/config.mk"

dest=$tmp/root
if ! ${MAKE:-make} --no-print-directory install DESTDIR="$dest" \
		PREFIX=/usr >"$tmp/log" 2>&1; then
	tap_bail "make install DESTDIR=... succeeds: $(tail -n 5 "$tmp/log")"
fi
tap_pass "make install DESTDIR=... PREFIX=/usr succeeds"

# mode path: installed with that mode
while read -r mode path; do
	got=$(stat -c %a "$dest$path" 2>/dev/null)
	if [ "$got" = "$mode" ]; then
		tap_pass "$path ($mode)"
	else
		tap_fail "$path ($mode)" "mode ${got:-missing}"
	fi
done <<LIST
755 /usr/sbin/llmosd
755 /usr/bin/llmosctl
755 /usr/bin/llmos-train
755 /usr/bin/llmos-anomaly
644 /usr/share/llmos/default.llmos
644 /usr/share/doc/llmos/llmosd.md
644 /usr/lib/systemd/system/llmosd.service
644 /lib/modules/$kver/extra/kmod/llmos.ko
LIST

if cmp -s model/default.llmos "$dest/usr/share/llmos/default.llmos"; then
	tap_pass "the installed model is the shipped one"
else
	tap_fail "the installed model is the shipped one"
fi
unit=$dest/usr/lib/systemd/system/llmosd.service
if grep -qx 'ExecStart=/usr/sbin/llmosd' "$unit" &&
   ! grep -q '@' "$unit"; then
	tap_pass "the unit starts the installed llmosd, no placeholder left"
else
	tap_fail "the unit starts the installed llmosd" "$(grep Exec "$unit")"
fi
if modinfo -F vermagic "$dest/lib/modules/$kver/extra/kmod/llmos.ko" |
		grep -q "^$kver "; then
	tap_pass "the module is built for $kver"
else
	tap_fail "the module is built for $kver"
fi

# The installed agent, replaying a trace (no probes, no device), loads
# the model beside it: $PREFIX/share/llmos.
"$bin/llmosctl" trace synth --procs 2 --syscalls 100 --seed 1 \
	-o "$tmp/t.trace" >/dev/null 2>&1 || tap_bail "a trace to replay"
LLMOS_MODEL= "$dest/usr/sbin/llmosd" --no-sched --replay "$tmp/t.trace" \
	>/dev/null 2>"$tmp/err"
if grep -qF "model $dest/usr/sbin/../share/llmos/default.llmos" "$tmp/err"; then
	tap_pass "the installed llmosd uses the installed model"
else
	tap_fail "the installed llmosd uses the installed model" \
		"$(grep -i model "$tmp/err" | head -n 2)"
fi
tap_done
