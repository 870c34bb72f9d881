#!/bin/sh
# Merge flat JSON objects of metric name to number (one per file in DIR)
# into one flat object; a key given twice keeps its last value.
#
#   merge-json.sh DIR OUT.json
set -eu
dir=$1
out=$2
for f in "$dir"/*.json; do
	[ -f "$f" ] && { cat "$f"; echo; }
done | tr -d '{}' | tr ',' '\n' | awk '
	match($0, /"[^"]*"[ \t]*:[ \t]*[^ \t]+/) {
		kv = substr($0, RSTART, RLENGTH)
		key = kv; sub(/[ \t]*:.*/, "", key)
		val = kv; sub(/^[^:]*:[ \t]*/, "", val)
		if (!(key in v))
			order[n++] = key
		v[key] = val
	}
	END {
		print "{"
		for (i = 0; i < n; i++)
			printf "  %s: %s%s\n", order[i], v[order[i]], i < n - 1 ? "," : ""
		print "}"
	}' >"$out.tmp"
mv "$out.tmp" "$out"
echo "bench: figures in $out"
