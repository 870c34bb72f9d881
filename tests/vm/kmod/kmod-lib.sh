# Helpers shared by the module's guest cases (tests/vm/cases/1*-kmod-*.sh),
# installed as /llmos/share/kmod-lib.sh. Sourced by busybox sh, set -eu.

K=/sys/kernel/llmos
DT=llmos-devtest

fail() {
	echo "FAIL: $*"
	[ -f agent.log ] && sed 's/^/agent: /' agent.log
	exit 1
}

load() {
	insmod "$LLMOS_KO" || fail "insmod"
}

# Fields of TASK_INFO: start_time nice ioprio uid flags comm
info() { $DT info "$1" | cut -d' ' -f"$2"; }
nice_of() { info "$1" 2; }
ioprio_of() { info "$1" 3; }
stat_of() { cat "$K/stats/$1"; }

expect_eq() {
	[ "$1" = "$2" ] || fail "$3: got '$1', expected '$2'"
}

# wait_for SECONDS CMD...: run CMD every 0.1 s until it succeeds.
wait_for() {
	_n=$(($1 * 10))
	shift
	while [ "$_n" -gt 0 ]; do
		"$@" && return 0
		sleep 0.1
		_n=$((_n - 1))
	done
	return 1
}

nice_is() { [ "$(nice_of "$1")" = "$2" ]; }
stat_is() { [ "$(stat_of "$1")" = "$2" ]; }

# start_agent STEP...: run an agent in the background that performs the
# steps, signals readiness, then heartbeats until stopped.
start_agent() {
	rm -f agent.ready
	$DT agent "$@" ready agent.ready hold >agent.log 2>&1 &
	AGENT=$!
	wait_for 20 test -e agent.ready || fail "agent did not get ready"
}

stop_agent() {
	kill "$AGENT" 2>/dev/null || true
	wait "$AGENT" 2>/dev/null || true
}

# Run a command as nobody (chpst if busybox has it, else util-linux setpriv).
as_nobody() {
	if command -v chpst >/dev/null 2>&1; then
		chpst -u nobody "$@"
	else
		/usr/bin/setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
	fi
}

# The nice value from /proc (works without the module).
proc_nice() { awk '{ print $19 }' "/proc/$1/stat"; }
