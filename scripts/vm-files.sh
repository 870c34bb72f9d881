#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Unpack the files a guest script sent on $LLMOS_OUT (gzip + base64
# between "llmos-file-begin NAME BYTES SHA256" and "llmos-file-end NAME"):
#
#   vm-files.sh OUT.log DIR
#
# writes DIR/NAME for each, after checking the size and SHA-256 of the
# transferred .gz; fails if a file is damaged or incomplete.
set -eu
log=$1
dir=$2
mkdir -p "$dir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tr -d '\r' <"$log" | awk -v d="$tmp" '
	/^llmos-file-begin / { name = $2; f = d "/" name ".b64";
		print $2, $3, $4 > (d "/index"); printf "" > f; next }
	/^llmos-file-end / { close(f); print $2 > (d "/done"); f = ""; next }
	f != "" { print >> f }'
[ -f "$tmp/index" ] || { echo "vm-files: no file in $log" >&2; exit 1; }
n=0
while read -r name bytes sum; do
	grep -qx "$name" "$tmp/done" 2>/dev/null ||
		{ echo "vm-files: $name is incomplete" >&2; exit 1; }
	base64 -d "$tmp/$name.b64" >"$tmp/$name.gz"
	[ "$(wc -c <"$tmp/$name.gz")" -eq "$bytes" ] &&
		[ "$(sha256sum "$tmp/$name.gz" | cut -d' ' -f1)" = "$sum" ] ||
		{ echo "vm-files: $name: size or checksum mismatch" >&2; exit 1; }
	gunzip -c "$tmp/$name.gz" >"$dir/$name.tmp"
	mv "$dir/$name.tmp" "$dir/$name"
	n=$((n + 1))
done <"$tmp/index"
echo "vm-files: $n file(s) in $dir"
