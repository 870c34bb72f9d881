#!/bin/sh
# Run the attack programs one after another in the guest (installed there
# as /llmos/bin/run-attacks). Plants what they go after first: credentials,
# and a directory of documents for the ransomware. Each attack prints its
# "attack NAME pid PID" lines; the exit status is non-zero if any failed.
#
#   run-attacks [--list] [--pause SECONDS] [NAME...]
#
# The planted files go to $ATTACKS_DIR if set (and stay there for
# inspection), else to a temporary directory removed at the end.
set -u

list=${ATTACKS_LIST:-/llmos/share/attacks.list}
bin=$(dirname "$0")
pause=2

names() {
	sed 's/#.*//' "$list" | grep -v '^ *$'
}

plant_secrets() {
	[ -e /etc/shadow ] || {
		printf 'root:$6$Qv1s$k2lZ0fakefakefakehash/:19700:0:99999:7:::\n' >/etc/shadow
		printf 'nobody:*:19700:0:99999:7:::\n' >>/etc/shadow
		chmod 600 /etc/shadow
	}
	mkdir -p /root/.ssh /root/.aws
	[ -e /root/.ssh/id_rsa ] || {
		printf -- '-----BEGIN OPENSSH PRIVATE KEY-----\n' >/root/.ssh/id_rsa
		printf 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n' >>/root/.ssh/id_rsa
		printf -- '-----END OPENSSH PRIVATE KEY-----\n' >>/root/.ssh/id_rsa
		chmod 600 /root/.ssh/id_rsa
	}
	[ -e /root/.aws/credentials ] || printf '[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n' \
		>/root/.aws/credentials
}

# A user's documents: text, tables and binary files in a few folders.
plant_documents() {
	for d in documents photos finance projects/src; do
		mkdir -p "$1/$d"
		i=0
		while [ $i -lt 25 ]; do
			f=$1/$d/file$i
			case $((i % 3)) in
			0) seq $((i * 40)) >"$f.txt" ;;
			1) printf 'date,amount,account\n2024-01-%02d,%d,DE89370400440532013000\n' \
				$((i + 1)) $((i * 317)) >"$f.csv" ;;
			2) dd if=/dev/urandom of="$f.jpg" bs=1024 count=$((i % 7 + 1)) 2>/dev/null ;;
			esac
			i=$((i + 1))
		done
	done
}

run() {
	name=$1
	case $name in
	ransom) "$bin/attack-$name" "$scratch/victim" ;;
	*) "$bin/attack-$name" ;;
	esac
	rc=$?
	if [ $rc -ne 0 ]; then
		echo "run-attacks: $name failed (status $rc)"
		failed=$((failed + 1))
	fi
}

while [ $# -gt 0 ]; do
	case $1 in
	--list) names; exit 0 ;;
	--pause) pause=$2; shift 2 ;;
	-*) echo "usage: run-attacks [--list] [--pause SECONDS] [NAME...]" >&2; exit 2 ;;
	*) break ;;
	esac
done
[ $# -gt 0 ] || set -- $(names)

scratch=${ATTACKS_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/attacks.XXXXXX")}
mkdir -p "$scratch"
plant_secrets
case " $* " in
*" ransom "*) plant_documents "$scratch/victim" ;;
esac
failed=0
first=1
for name; do
	[ $first -eq 1 ] || sleep "$pause"
	first=0
	run "$name"
done
[ -n "${ATTACKS_DIR:-}" ] || rm -rf "$scratch"
[ $failed -eq 0 ]
