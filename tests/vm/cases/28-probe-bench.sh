# timeout: 240
# probe-bench (make bench-probes) on short loops: it runs every
# configuration, and fails unless each probe drained at least the loop's
# syscalls, so its prices are of loops the probes saw; no event is lost,
# and the host gets every key of its JSON line.
set -eu
probe-bench -n 20000 -s 1000 -r 3 >bench.txt || {
	cat bench.txt
	echo "probe-bench failed"
	exit 1
}
cat bench.txt
# The two tables' rows: configuration, price, overhead, events lost.
rows=$(awk 'NF == 4 && $1 ~ /^(none|llmos|naive)$/' bench.txt | wc -l)
[ "$rows" -eq 6 ] || { echo "$rows configuration rows, not 6"; exit 1; }
awk 'NF == 4 && $1 == "llmos" && $4 != 0 { bad = 1 } END { exit bad }' bench.txt ||
	{ echo "llmos lost events"; exit 1; }
json=$(sed -n 's/^probes-json: //p' bench.txt)
for key in probe_overhead_llmos_pct probe_overhead_naive_pct \
	probe_overhead_ratio probe_syscall_ns_added \
	probe_switch_overhead_llmos_pct probe_switch_ns_added \
	probe_switch_ns_beyond_syscalls; do
	echo "$json" | grep -Eq "\"$key\": -?[0-9]+(\.[0-9]+)?[,}]" ||
		{ echo "no number for $key in: $json"; exit 1; }
done
# A record per syscall costs more than no probe at all.
naive=$(echo "$json" | sed -n 's/.*"probe_overhead_naive_pct": \([-0-9.]*\).*/\1/p')
awk -v n="$naive" 'BEGIN { exit !(n > 0) }' ||
	{ echo "the naive probe priced at $naive%"; exit 1; }
