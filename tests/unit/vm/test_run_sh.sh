#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# tests/vm/run.sh against a stand-in for qemu-system-x86_64 (first on PATH)
# that writes what a guest would to the three serial files: the command
# line the guest kernel gets ($LLMOS_KERNEL_ARGS, the suite, the filter)
# and the verdicts on a guest that passes, fails a case, panics or stops
# early. No kernel is booted. TAP.
set -u
. "$(dirname "$0")/../../lib/tap.sh"
run=$(dirname "$0")/../../vm/run.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

mkdir -p "$tmp/bin" "$tmp/build"
: >"$tmp/vmlinuz"
: >"$tmp/initrd"
# The stand-in: saves -append, then plays $FAKE_GUEST into the serial files
# given as -serial file:console, file:tap, file:out (run.sh's order).
cat >"$tmp/bin/qemu-system-x86_64" <<'EOF'
#!/bin/sh
set -u
append= console= tap=
while [ $# -gt 0 ]; do
	case $1 in
	-append) append=$2; shift ;;
	-serial)
		f=${2#file:}
		if [ -z "$console" ]; then console=$f
		elif [ -z "$tap" ]; then tap=$f
		fi
		shift ;;
	esac
	shift
done
printf '%s\n' "$append" >"$FAKE_DIR/append"
case $FAKE_GUEST in
pass)
	printf 'ok 1 - 10-case\r\n# guest done\r\n' >>"$tap" ;;
case-fails)
	printf 'not ok 1 - 10-case\r\n# guest done\r\n' >>"$tap" ;;
panic)
	printf '[    1.0] llmos-case: 20-crash\r\n' >>"$console"
	printf '# running 20-crash (timeout 30s)\r\n' >>"$tap"
	printf '[    2.0] Kernel panic - not syncing: Fatal exception\r\n' \
		>>"$console" ;;
stops)
	printf '# running 30-early (timeout 30s)\r\n' >>"$tap" ;;
esac
exit 0
EOF
chmod +x "$tmp/bin/qemu-system-x86_64"

# guest MODE KERNEL_ARGS [run.sh options]: runs run.sh against the stand-in;
# leaves its exit status in $rc, its output in $tmp/out and the guest's
# command line in $tmp/append.
guest() {
	mode=$1 kargs=$2
	shift 2
	rm -f "$tmp/append"
	PATH=$tmp/bin:$PATH FAKE_DIR=$tmp FAKE_GUEST=$mode BUILD=$tmp/build \
		LLMOS_KERNEL_ARGS=$kargs \
		sh "$run" "$@" "$tmp/vmlinuz" "$tmp/initrd" >"$tmp/out" 2>&1
	rc=$?
}

# check NAME COND...: one TAP line; on failure shows run.sh's output.
check() {
	name=$1
	shift
	if "$@"; then
		tap_pass "$name"
	else
		tap_fail "$name" "exit $rc; output: $(tr '\n' '|' <"$tmp/out")" \
			"command line: $(cat "$tmp/append" 2>/dev/null)"
	fi
}

# ended STATUS TEXT: run.sh exited with STATUS and printed a line that
# begins with TEXT ("ok 1" must not match "not ok 1").
ended() {
	[ "$rc" -eq "$1" ] &&
		awk -v t="$2" 'index($0, t) == 1 { f = 1 } END { exit !f }' \
			"$tmp/out"
}

guest pass ''
check "a passing guest: exit 0 and its TAP shown" \
	ended 0 "ok 1 - 10-case"
check "with LLMOS_KERNEL_ARGS empty the command line has only run.sh's own" \
	grep -qx 'console=ttyS0 loglevel=6 panic=-1 LLMOS_SUITE=cases LLMOS_FILTER=\*' \
	"$tmp/append"
check "the guest's logs are kept in BUILD/vm/SUITE" \
	test -f "$tmp/build/vm/cases/tap.log"

guest pass 'tsc=reliable clocksource=tsc' --suite bench --filter '3* 80*'
check "LLMOS_KERNEL_ARGS goes on the command line, the filter's globs joined by commas" \
	grep -qx 'console=ttyS0 loglevel=6 panic=-1 tsc=reliable clocksource=tsc LLMOS_SUITE=bench LLMOS_FILTER=3\*,80\*' \
	"$tmp/append"

guest case-fails ''
check "a failed case fails the run" \
	ended 1 "not ok 1 - 10-case"

guest panic ''
check "a panic fails the run naming the case that was running" \
	ended 1 "not ok - 20-crash # guest panicked: Kernel panic"

guest stops ''
check "a guest that stops before the suite ends fails the run" \
	ended 1 "not ok - 30-early # guest stopped before the suite ended"

guest pass '' --timeout 5
check "an unknown option is refused with status 2" \
	ended 2 "run.sh: unknown option --timeout"

tap_done
