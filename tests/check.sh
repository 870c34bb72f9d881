#!/bin/sh
# make check: build, unit tests, checkpatch, KUnit (UML with KASAN, x86_64
# with lockdep), VM tests. Every stage runs even if an earlier one failed;
# the run ends with one summary line "N passed, N failed[, N skipped]" and
# exits non-zero on any failure.
set -u

B=${BUILD:-build}
MAKE=${MAKE:-make}
out=$B/check
here=$(dirname "$0")
rm -rf "$out"
mkdir -p "$out"
: >"$out/results"
t0=$(date +%s)

# stage NAME COMMAND...: run it, show and keep its output, record results.
stage() {
	name=$1
	shift
	echo "=== $name"
	s=$(date +%s)
	{ "$@"; echo $? >"$out/$name.rc"; } 2>&1 | tee "$out/$name.log"
	rc=$(cat "$out/$name.rc")
	awk -v stage="$name: " -f "$here/tap-results.awk" "$out/$name.log" \
		>"$out/$name.results"
	if [ "$rc" -ne 0 ] && ! grep -q '^FAIL' "$out/$name.results"; then
		echo "FAIL $name: exited with status $rc (see $out/$name.log)" \
			>>"$out/$name.results"
	fi
	# Only the build stage reports no test of its own.
	if [ ! -s "$out/$name.results" ]; then
		if [ "$name" = build ]; then
			echo "PASS $name" >>"$out/$name.results"
		else
			echo "FAIL $name: ran no test (see $out/$name.log)" \
				>>"$out/$name.results"
		fi
	fi
	cat "$out/$name.results" >>"$out/results"
	echo "=== $name: $(grep -c '^PASS' "$out/$name.results") passed," \
		"$(grep -c '^FAIL' "$out/$name.results") failed in $(($(date +%s) - s))s"
}

stage build $MAKE --no-print-directory all tests-build
stage unit $MAKE --no-print-directory -s unit
stage checkpatch $MAKE --no-print-directory -s checkpatch
stage kunit $MAKE --no-print-directory -s kunit
stage kunit-lockdep $MAKE --no-print-directory -s kunit-lockdep
stage vm $MAKE --no-print-directory -s vm

passed=$(grep -c '^PASS' "$out/results")
failed=$(grep -c '^FAIL' "$out/results")
skipped=$(grep -c '^SKIP' "$out/results")
echo
if [ "$failed" -gt 0 ]; then
	echo "Failures:"
	grep '^FAIL' "$out/results" | sed 's/^FAIL /  /'
fi
if [ "$skipped" -gt 0 ]; then
	echo "Skipped:"
	grep '^SKIP' "$out/results" | sed 's/^SKIP /  /'
fi
echo "make check took $(($(date +%s) - t0))s"
if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
