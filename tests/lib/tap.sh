# SPDX-License-Identifier: GPL-2.0
#
# TAP output for the sh unit tests, sourced by each: one counter, one plan
# line, and an exit status that make check's summary can trust.
#
#   tap_pass NAME                 ok N - NAME
#   tap_fail NAME [DIAG...]       not ok N - NAME, then each DIAG as "# ..."
#   tap_equal NAME GOT WANT       passes if GOT = WANT, else shows both
#   tap_expect NAME STATUS MSG CMD...
#                                 passes if CMD exits with STATUS and its
#                                 stderr holds MSG (empty: anything)
#   tap_bail NAME [DIAG...]       a failure that ends the test at once
#   tap_done                      the plan; status 0 only without failures

tap_n=0
tap_fails=0

tap_pass() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $1"
}

tap_fail() {
	tap_n=$((tap_n + 1))
	tap_fails=$((tap_fails + 1))
	echo "not ok $tap_n - $1"
	shift
	for d in "$@"; do
		printf '%s\n' "$d" | sed 's/^/# /'
	done
}

tap_equal() {
	if [ "$2" = "$3" ]; then
		tap_pass "$1"
	else
		tap_fail "$1" "got:" "$2" "expected:" "$3"
	fi
}

tap_expect() {
	tap_name=$1 tap_want=$2 tap_msg=$3
	shift 3
	tap_err=$("$@" 2>&1 >/dev/null)
	tap_rc=$?
	if [ "$tap_rc" -eq "$tap_want" ] &&
	   { [ -z "$tap_msg" ] || printf '%s\n' "$tap_err" |
	     grep -qF -- "$tap_msg"; }; then
		tap_pass "$tap_name"
	else
		tap_fail "$tap_name" \
			"exit $tap_rc (expected $tap_want), stderr: $tap_err"
	fi
}

tap_bail() {
	tap_fail "$@"
	echo "1..$tap_n"
	exit 1
}

tap_done() {
	echo "1..$tap_n"
	[ "$tap_fails" -eq 0 ]
}
