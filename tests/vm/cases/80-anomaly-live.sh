# timeout: 480
# Live attacks against the shipped model (issue 6): with llmos loaded and
# llmosd running with no argument but its statistics (so: the shipped
# model, the calibrated threshold), the held-out normal workload gets no
# alert, then every attack of run-attacks gets an alert on /dev/llmos
# naming a pid it printed, within 2 s of that process's start. Results go
# to $LLMOS_OUT as one line "eval-live JSON" (scripts/eval-live.sh).
set -eu
. /llmos/share/agent-lib.sh
model=/llmos/share/default.llmos
[ -f "$model" ] || { echo "no shipped model in the guest (make model)"; exit 77; }
for prog in run-attacks normal-workload; do
	command -v $prog >/dev/null || { echo "no $prog in the guest"; exit 77; }
done
NORMAL_SEEDS=${NORMAL_SEEDS:-"1 2"}
NORMAL_SECONDS=${NORMAL_SECONDS:-30}
LIMIT_MS=2000
K=/sys/kernel/llmos

insmod "$LLMOS_KO"
cat /dev/llmos >alerts.jsonl &
reader=$!
# For analysis on the host (scripts/eval-live.sh --record): the trace too.
rec=
[ -f /llmos/share/eval-live-record ] && rec="--record live.trace"
# shellcheck disable=SC2086
llmosd --stats --stats-interval 0 $rec >llmosd.out 2>llmosd.log &
agent=$!
cleanup() {
	kill -TERM "$agent" 2>/dev/null || true
	wait "$agent" 2>/dev/null || true
	kill "$reader" 2>/dev/null || true
	wait "$reader" 2>/dev/null || true
}
trap cleanup EXIT
wait_attached llmosd.log "$agent" 600 || exit 1
grep -q "registered with" llmosd.log || { echo "llmosd not registered"; cat llmosd.log; exit 1; }
# llmosd proposed the model's calibrated threshold; root had not set one.
want=$(sed -n 's/.*alert threshold \([0-9.]*\).*/\1/p' llmosd.log | head -n1)
got=$(cat $K/alert_threshold)
[ "$got" = "$want" ] || { echo "alert_threshold $got, model's $want"; exit 1; }
echo "model threshold $want"

uptime_ms() { awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime; }

# 1. The held-out normal workload alone: every alert is a false one.
t0=$(uptime_ms)
for s in $NORMAL_SEEDS; do
	normal-workload --heldout --seed "$s" "$NORMAL_SECONDS" >>normal.log 2>&1 || true
done
t1=$(uptime_ms)
# Under TCG llmosd can trail a busy workload by seconds: let it catch up
# (its CPU use falls under 20%) so that the attacks' time to alert is not
# the normal workload's backlog.
cpu_ticks() { awk '{ print $14 + $15 }' /proc/"$agent"/stat; }
i=0
prev=$(cpu_ticks)
while [ $i -lt 120 ]; do
	sleep 1
	now=$(cpu_ticks)
	[ $((now - prev)) -lt 20 ] && break
	prev=$now
	i=$((i + 1))
done
echo "llmosd caught up after ${i}s"
sleep 1
cp alerts.jsonl alerts-normal.jsonl
false_alerts=$(grep -c '"pid"' alerts-normal.jsonl || true)

# 2. The attacks.
run-attacks >attacks.log 2>&1 || { echo "run-attacks failed:"; cat attacks.log; }
sleep 3
cleanup
trap - EXIT
grep '^attack ' attacks.log || true

# First alert per pid: pid ms_since_start
sed -n 's/.*"time_ns":\([0-9]*\),"pid":\([0-9]*\),"start_time":\([0-9]*\),.*/\2 \1 \3/p' \
	alerts.jsonl | awk '!seen[$1]++ { printf "%s %d\n", $1, ($2 - $3) / 1000000 }' >first.txt
attacks=0
detected=0
ttmax=0
for pid_name in $(sed -n 's/^attack \([^ ]*\) pid \([0-9]*\).*/\1:\2/p' attacks.log); do
	name=${pid_name%%:*}
	pid=${pid_name##*:}
	attacks=$((attacks + 1))
	ms=$(awk -v p="$pid" '$1 == p { print $2 }' first.txt)
	if [ -n "$ms" ] && [ "$ms" -le $LIMIT_MS ]; then
		detected=$((detected + 1))
		echo "detected $name pid $pid after ${ms} ms"
		[ "$ms" -gt "$ttmax" ] && ttmax=$ms
	else
		echo "MISSED $name pid $pid ${ms:+(alert after $ms ms)}"
	fi
done
# Alerts of the attack phase on other processes (not an attack's, not
# already counted as false): the attacks' helpers
# (listeners, collectors: neither detections nor false alerts) or, if
# anything else, false alerts; listed for a human to judge.
sed -n 's/^attack [^ ]* pid \([0-9]*\).*/\1/p' attacks.log >known-pids.txt
sed -n 's/.*"pid":\([0-9]*\),.*/\1/p' alerts-normal.jsonl >>known-pids.txt
others=$(awk 'NR == FNR { a[$1] = 1; next } !($1 in a) { print $1 }' \
	known-pids.txt first.txt)
for pid in $others; do
	echo "other alert during the attacks: $(grep "\"pid\":$pid," alerts.jsonl | head -n1 |
		sed 's/.*"comm":"\([^"]*\)".*"score":\([0-9.]*\).*/\1 score \2/') (pid $pid)"
done
echo "false alerts during the normal workload: $false_alerts"
[ "$false_alerts" -eq 0 ] || cat alerts-normal.jsonl
fph=$(awk -v n="$false_alerts" -v ms=$((t1 - t0)) 'BEGIN { printf "%.2f", n * 3600000 / ms }')
grep -E '^(events|drops_|anomaly_)' llmosd.out || true
echo "eval-live {\"live_attacks\": $attacks, \"live_detected\": $detected, \"live_false_alerts_per_hour\": $fph, \"live_time_to_alert_ms_max\": $ttmax, \"live_normal_seconds\": $(((t1 - t0) / 1000))}" |
	tee "${LLMOS_OUT:-/dev/null}"
if [ -n "$rec" ] && [ -n "${LLMOS_OUT:-}" ]; then
	gzip -c live.trace >live.trace.gz
	echo "llmos-file-begin live.trace $(wc -c <live.trace.gz) $(sha256sum live.trace.gz | cut -d' ' -f1)" >"$LLMOS_OUT"
	base64 live.trace.gz >"$LLMOS_OUT"
	echo "llmos-file-end live.trace" >"$LLMOS_OUT"
	for f in attacks.log alerts.jsonl; do
		gzip -c $f >$f.gz
		echo "llmos-file-begin $f $(wc -c <$f.gz) $(sha256sum $f.gz | cut -d' ' -f1)" >"$LLMOS_OUT"
		base64 $f.gz >"$LLMOS_OUT"
		echo "llmos-file-end $f" >"$LLMOS_OUT"
	done
fi
[ "$attacks" -gt 0 ] && [ "$detected" -eq "$attacks" ] && [ "$false_alerts" -eq 0 ]
