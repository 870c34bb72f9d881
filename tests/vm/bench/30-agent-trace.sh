# timeout: 400
# The recorded trace of the agent ingest benchmark (make bench-agent,
# scripts/bench-agent.sh): llmosd --no-device --record traces the whole
# guest while the normal workload runs with held-out seeds that neither the
# shipped model's training nor its calibration used (normal-workload
# --heldout 21-24, 25 s each). The trace goes to the host on $LLMOS_OUT,
# gzipped and base64-encoded between the lines
#   llmos-file-begin agent-normal.trace BYTES SHA256
#   llmos-file-end agent-normal.trace
# (BYTES and SHA256 of the .gz), which scripts/vm-files.sh unpacks.
set -u
. /llmos/share/agent-lib.sh
out=${LLMOS_OUT:-/dev/null}
SEEDS="21 22 23 24"
SECONDS_EACH=25
name=agent-normal.trace

llmosd --no-device --record "$name" >agent.stats 2>agent.log &
agent=$!
wait_attached agent.log "$agent" 600 || exit 1
for s in $SEEDS; do
	normal-workload --seed "$s" --heldout "$SECONDS_EACH" >wl.log 2>&1 ||
		{ echo "workload seed $s failed:"; tail -n 3 wl.log; }
done
sleep 1
kill -TERM "$agent"
wait "$agent" || { echo "llmosd failed"; cat agent.log; exit 1; }
ls -l "$name"
gzip -c "$name" >"$name.gz"
echo "llmos-file-begin $name $(wc -c <"$name.gz") $(sha256sum "$name.gz" | cut -d' ' -f1)" >"$out"
base64 "$name.gz" >"$out"
echo "llmos-file-end $name" >"$out"
