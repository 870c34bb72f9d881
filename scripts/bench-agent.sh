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
# BENCH_MODEL (a model file) and BENCH_MODEL_TRACE (a shorter synthetic
# trace of 10,000 processes) replay that trace with every event scored,
# and with the model off, side by side: agent_events_per_s_model_on, the
# ratio, and agent_rss_mb_10k becomes the peak memory with the model on.
# BENCH_RECORDED (optional, a recording of the real normal workload) adds
# agent_events_per_s_model_on_recorded.
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

printf '%-34s %14s %10s\n' "agent (replay, model off)" "value" "target"
printf '%-34s %14s %10s\n' "events replayed" "$events" ""
printf '%-34s %14s %10s\n' "agent_events_per_s_model_off" "$eps" ">= 2000000"
printf '%-34s %14s %10s\n' "processes tracked at peak" "$peak" ""
printf '%-34s %14s %10s\n' "agent_rss_mb_10k" "$rss_mb" "<= 64"

if [ "$peak" -lt 10000 ]; then
	echo "bench-agent: only $peak processes tracked, expected 10000" >&2
	exit 1
fi
extra=
if [ -n "${BENCH_MODEL:-}" ] && [ -f "$BENCH_MODEL" ] &&
	[ -n "${BENCH_MODEL_TRACE:-}" ]; then
	cat "$BENCH_MODEL_TRACE" >/dev/null
	"$llmosd" --replay "$BENCH_MODEL_TRACE" --no-device --stats \
		--model "$BENCH_MODEL" --threshold 1000 --log-level warn >"$tmp/on"
	"$llmosd" --replay "$BENCH_MODEL_TRACE" --no-device --stats \
		--no-model --log-level warn >"$tmp/off"
	on=$(get events_per_cpu_s "$tmp/on")
	off=$(get events_per_cpu_s "$tmp/off")
	scored=$(get anomaly_tokens_scored "$tmp/on")
	hits=$(get anomaly_cache_hits "$tmp/on")
	rss_mb=$(awk -v kb="$(get max_rss_kb "$tmp/on")" 'BEGIN { printf "%.1f", kb / 1024 }')
	ratio=$(awk -v a="$on" -v b="$off" 'BEGIN { printf "%.4f", a / b }')
	hit=$(awk -v h="$hits" -v s="$scored" 'BEGIN { printf "%.3f", s ? h / s : 0 }')
	printf '%-34s %14s %10s\n' "model on (synthetic, 10k procs)" "" ""
	printf '%-34s %14s %10s\n' "events scored" "$scored" ""
	printf '%-34s %14s %10s\n' "agent_events_per_s_model_on" "$on" ">= 500000"
	printf '%-34s %14s %10s\n' "  same trace, model off" "$off" ""
	printf '%-34s %14s %10s\n' "agent_model_on_vs_off" "$ratio" ""
	printf '%-34s %14s %10s\n' "agent_model_cache_hit_rate" "$hit" ""
	printf '%-34s %14s %10s\n' "agent_rss_mb_10k (model on)" "$rss_mb" "<= 64"
	extra=", \"agent_events_per_s_model_on\": $on, \"agent_model_on_vs_off\": $ratio, \"agent_model_cache_hit_rate\": $hit"
	if [ -n "${BENCH_RECORDED:-}" ] && [ -f "$BENCH_RECORDED" ]; then
		"$llmosd" --replay "$BENCH_RECORDED" --no-device --stats \
			--model "$BENCH_MODEL" --threshold 1000 --log-level warn >"$tmp/rec"
		rec=$(get events_per_cpu_s "$tmp/rec")
		printf '%-34s %14s %10s\n' "agent_events_per_s_model_on_recorded" "$rec" ""
		extra="$extra, \"agent_events_per_s_model_on_recorded\": $rec"
	fi
fi
printf '{"agent_events_per_s_model_off": %s, "agent_rss_mb_10k": %s%s}\n' \
	"$eps" "$rss_mb" "$extra" >"$out"
