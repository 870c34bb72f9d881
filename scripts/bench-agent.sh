#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Agent ingest benchmark (issue 4), on this machine:
#
#   bench-agent.sh LLMOSD TRACE OUT.json
#
# TRACE is a synthetic recording with 10,000 processes alive at once
# (llmosctl trace synth). llmosd replays it with the model off, three
# times; the median run gives events per CPU-second (one thread: per core)
# and the peak resident memory with the 10,000 processes tracked.
#
# With the model (issue 6; environment, set by userspace/anomaly.mk):
# BENCH_MODEL (a model file) and
# - BENCH_RECORDED, the normal workload recorded in the test kernel
#   (tests/vm/bench/30-agent-trace.sh): replayed three times with every
#   event scored, and once with the model off, for the median
#   agent_events_per_s_model_on, its cache hit rate and the on/off ratio;
# - BENCH_MODEL_TRACE, a shorter synthetic trace of 10,000 processes, the
#   worst case (nearly every window new to the prediction cache):
#   agent_events_per_s_model_on_synthetic, its hit rate, and
#   agent_rss_mb_10k becomes the peak memory with the model on.
# Exits non-zero when a trace it was given is missing (the other figures
# are still written).
set -eu

llmosd=$1
trace=$2
out=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Read the trace once so that every run starts from the page cache.
cat "$trace" >/dev/null

for i in 1 2 3; do
	"$llmosd" --replay "$trace" --no-device --no-model --stats \
		--log-level warn >"$tmp/run$i"
done

get() { awk -v k="$1" '$1 == k { print $2 }' "$2"; }

for i in 1 2 3; do
	echo "$(get events_per_cpu_s "$tmp/run$i") $i"
done | sort -n | sed -n 2p | cut -d' ' -f2 >"$tmp/median"
med=$tmp/run$(cat "$tmp/median")

events=$(get events "$med")
eps=$(get events_per_cpu_s "$med")
peak=$(get procs_peak "$med")
rss_mb=$(awk -v kb="$(get max_rss_kb "$med")" 'BEGIN { printf "%.1f", kb / 1024 }')

printf '%-38s %14s %10s\n' "agent (replay, model off)" "value" "target"
printf '%-38s %14s %10s\n' "events replayed" "$events" ""
printf '%-38s %14s %10s\n' "agent_events_per_s_model_off" "$eps" ">= 2000000"
printf '%-38s %14s %10s\n' "processes tracked at peak" "$peak" ""
printf '%-38s %14s %10s\n' "agent_rss_mb_10k" "$rss_mb" "<= 64"

if [ "$peak" -lt 10000 ]; then
	echo "bench-agent: only $peak processes tracked, expected 10000" >&2
	exit 1
fi
# model_run NAME TRACE [LLMOSD ARGS]: one replay with the shipped model.
model_run() {
	name=$1
	t=$2
	shift 2
	"$llmosd" --replay "$t" --no-device --stats --model "$BENCH_MODEL" \
		--threshold 1000 --log-level warn "$@" >"$tmp/$name"
}
hit_rate() {
	awk -v h="$(get anomaly_cache_hits "$1")" \
		-v s="$(get anomaly_tokens_scored "$1")" \
		'BEGIN { printf "%.3f", s ? h / s : 0 }'
}

extra=
status=0
if [ -n "${BENCH_MODEL:-}" ] && [ -f "$BENCH_MODEL" ]; then
	if [ -n "${BENCH_RECORDED:-}" ] && [ -f "$BENCH_RECORDED" ]; then
		cat "$BENCH_RECORDED" >/dev/null
		for i in 1 2 3; do
			model_run "rec$i" "$BENCH_RECORDED"
			echo "$(get events_per_cpu_s "$tmp/rec$i") $i"
		done | sort -n | sed -n 2p | cut -d' ' -f2 >"$tmp/median"
		rec=$tmp/rec$(cat "$tmp/median")
		"$llmosd" --replay "$BENCH_RECORDED" --no-device --stats \
			--no-model --log-level warn >"$tmp/recoff"
		on=$(get events_per_cpu_s "$rec")
		off=$(get events_per_cpu_s "$tmp/recoff")
		ratio=$(awk -v a="$on" -v b="$off" 'BEGIN { printf "%.4f", a / b }')
		hit=$(hit_rate "$rec")
		printf '%-38s %14s %10s\n' "model on (recorded normal workload)" "" ""
		printf '%-38s %14s %10s\n' "events scored" "$(get anomaly_tokens_scored "$rec")" ""
		printf '%-38s %14s %10s\n' "processes tracked at peak" "$(get procs_peak "$rec")" ""
		printf '%-38s %14s %10s\n' "agent_events_per_s_model_on" "$on" ">= 500000"
		printf '%-38s %14s %10s\n' "  same trace, model off" "$off" ""
		printf '%-38s %14s %10s\n' "agent_model_on_vs_off" "$ratio" ""
		printf '%-38s %14s %10s\n' "agent_model_cache_hit_rate" "$hit" ""
		extra="$extra, \"agent_events_per_s_model_on\": $on, \"agent_model_on_vs_off\": $ratio, \"agent_model_cache_hit_rate\": $hit"
	elif [ -n "${BENCH_RECORDED:-}" ]; then
		echo "bench-agent: no recorded trace $BENCH_RECORDED" >&2
		status=1
	fi
	if [ -n "${BENCH_MODEL_TRACE:-}" ] && [ -f "$BENCH_MODEL_TRACE" ]; then
		cat "$BENCH_MODEL_TRACE" >/dev/null
		model_run syn "$BENCH_MODEL_TRACE"
		on=$(get events_per_cpu_s "$tmp/syn")
		hit=$(hit_rate "$tmp/syn")
		rss_mb=$(awk -v kb="$(get max_rss_kb "$tmp/syn")" 'BEGIN { printf "%.1f", kb / 1024 }')
		printf '%-38s %14s %10s\n' "model on (synthetic, 10k procs)" "" ""
		printf '%-38s %14s %10s\n' "events scored" "$(get anomaly_tokens_scored "$tmp/syn")" ""
		printf '%-38s %14s %10s\n' "agent_events_per_s_model_on_synthetic" "$on" ""
		printf '%-38s %14s %10s\n' "agent_model_cache_hit_rate_synthetic" "$hit" ""
		printf '%-38s %14s %10s\n' "agent_rss_mb_10k (model on)" "$rss_mb" "<= 64"
		extra="$extra, \"agent_events_per_s_model_on_synthetic\": $on, \"agent_model_cache_hit_rate_synthetic\": $hit"
	elif [ -n "${BENCH_MODEL_TRACE:-}" ]; then
		echo "bench-agent: no synthetic trace $BENCH_MODEL_TRACE" >&2
		status=1
	fi
fi
printf '{"agent_events_per_s_model_off": %s, "agent_rss_mb_10k": %s%s}\n' \
	"$eps" "$rss_mb" "$extra" >"$out"
exit $status
