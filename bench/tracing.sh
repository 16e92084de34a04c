#!/usr/bin/env bash
# Tracing benchmark (issue 5): what recording every request's journey costs the edge. Four `nimbus edge --join`
# processes follow one `nimbus up`, each pinned to core 1, in front of the same nginx app (re-pinned to core 0 with wrk):
# --tracing off (only traceparent passed on), --tracing on (every request recorded in the ring: traces, access log),
# --tracing on with OTLP export of every trace (the OpenTelemetry SDK, protobuf, to the control plane's own OTLP
# receiver), and the same exporting one trace in ten (--otlp-sample 0.1).
# wrk runs against them in turn, RUNS rounds (default 5) after a warm-up, so drift hits all four alike; medians.
# Results go to docs/BENCHMARKS.md (section "Tracing"). Not a test: run it by hand, as root, on a quiet machine.
# Knobs: DURATION (s, default 10), CONNS (32), RUNS (5), WARMUP (s, 40), LOAD_WAIT (s, 600).
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
duration="${DURATION:-10}"; conns="${CONNS:-32}"; runs="${RUNS:-5}"; warmup="${WARMUP:-40}"; load_wait="${LOAD_WAIT:-600}"
cd "$root"
export PATH="$PATH:/usr/sbin"
for tool in nginx wrk taskset dig; do
  command -v "$tool" >/dev/null || { echo "bench/tracing.sh needs $tool (apt-get install nginx wrk util-linux dnsutils)" >&2; exit 1; }
done
((  $(nproc) >= 2 )) || { echo "bench/tracing.sh: needs 2 cores (edges on core 1, load generator on core 0)" >&2; exit 1; }
./nimbus --help >/dev/null   # build first, outside the measurement
dll="$root/artifacts/nimbus/nimbus.dll"

work=$(mktemp -d /tmp/nimbus-tracing-bench-XXXXXX); chmod 755 "$work"
started=()
cleanup() { stop_started; rm -rf "$work"; }
trap cleanup EXIT

quiet=$(wait_quiet)
data="$work/data"; mkdir -p "$data"; chmod 755 "$data"
taskset -c 0 dotnet "$dll" up --data "$data" --api-port 0 --http-port 0 --https-port 0 --dns-port 0 --s3-port 0 \
  --stop-grace 2s >"$work/up.log" 2>&1 &
started+=($!)
deadline=$((SECONDS + 60))
until [[ -f "$data/endpoints.json" ]]; do ((SECONDS < deadline)) || { cat "$work/up.log" >&2; exit 1; }; sleep 0.1; done
api=$(sed -n 's/.*"api":"\([^"]*\)".*/\1/p' "$data/endpoints.json")
dns_ep=$(sed -n 's/.*"dns":"\([^"]*\)".*/\1/p' "$data/endpoints.json")
token=$(cat "$data/credentials")
taskset -c 0 dotnet "$dll" deploy "$(nginx_app "$work/apps" bench 900m)" --data "$data" >"$work/deploy.log" 2>&1 || { cat "$work/deploy.log" >&2; exit 1; }
instance_port=$(dig @127.0.0.1 -p "${dns_ep##*:}" _http._tcp.bench.nimbus.internal SRV +short | awk 'NR == 1 {print $3}')
for p in $(ps -eo pid=,args= | awk -v d="$data" -v p="nginx-$instance_port/" 'index($0, d) && index($0, p) {print $1}'); do
  taskset -acp 0 "$p" >/dev/null
  for c in $(pgrep -P "$p"); do taskset -acp 0 "$c" >/dev/null; done
done

variants=(off on otlp otlp10)
declare -A url
for v in "${variants[@]}"; do
  args=(--tracing on)
  [[ $v == off ]] && args=(--tracing off)
  [[ $v == otlp* ]] && args+=(--otlp-endpoint "$api" --otlp-headers "authorization=Bearer%20$token")
  [[ $v == otlp10 ]] && args+=(--otlp-sample 0.1)
  NIMBUS_TOKEN="$token" taskset -c 1 dotnet "$dll" edge --join "$api" --name "edge-$v" --zone local-a \
    --http-port 0 --https-port 0 --dns-port 0 "${args[@]}" >"$work/edge-$v.log" 2>&1 &
  started+=($!)
  deadline=$((SECONDS + 60))
  until grep -q "following" "$work/edge-$v.log"; do ((SECONDS < deadline)) || { cat "$work/edge-$v.log" >&2; exit 1; }; sleep 0.1; done
  url[$v]="http://$(sed -n 's/.*: http \([^,]*\),.*/\1/p' "$work/edge-$v.log")/"
  until curl -sf -o /dev/null -H "Host: bench.localhost" "${url[$v]}"; do sleep 0.1; done
done

echo "warming up each edge for ${warmup} s…" >&2
for v in "${variants[@]}"; do taskset -c 0 wrk -t1 -c"$conns" -d"${warmup}s" -H "Host: bench.localhost" "${url[$v]}" >/dev/null; done
declare -A r a b e
for i in $(seq 1 "$runs"); do
  for v in "${variants[@]}"; do
    line=$(wrk_once "${url[$v]}" bench.localhost)
    read -r x y z w <<<"$line"
    r[$v]+="$x "; a[$v]+="$y "; b[$v]+="$z "; e[$v]=$(( ${e[$v]:-0} + w ))
    echo "  round $i, tracing $v: $line" >&2
  done
done
med() { tr ' ' '\n' <<<"$1" | median; }
declare -A rps p50 p99
for v in "${variants[@]}"; do rps[$v]=$(med "${r[$v]}"); p50[$v]=$(med "${a[$v]}"); p99[$v]=$(med "${b[$v]}"); done
# The cost of a variant: the median over rounds of (1 - its req/s / tracing off's req/s in the same round). Rounds run
# back to back, so pairing them cancels the slow drift of a shared machine that medians of each variant alone keep.
cost() {
  paste -d' ' <(tr ' ' '\n' <<<"${r[$1]}" | sed '/^$/d') <(tr ' ' '\n' <<<"${r[off]}" | sed '/^$/d') |
    awk '{printf "%.2f\n", (1 - $1 / $2) * 100}' | median | awk '{printf "%.1f", $1}'
}
cost_on=$(cost on); cost_otlp=$(cost otlp); cost_otlp10=$(cost otlp10)
verdict() { awk -v c="$1" 'BEGIN {print (c < 5 ? "met" : "not met")}'; }
cpu_model=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
row() { echo "| $2 | ${rps[$1]} | ${p50[$1]} ms | ${p99[$1]} ms | ${r[$1]}| ${e[$1]} |"; }

section=$(cat <<MD
## Tracing

One run on $(date -u +%Y-%m-%d) ($(nproc) cores ($cpu_model), $(uname -sr), .NET $(dotnet --version), $(wrk -v 2>&1 | awk 'NR==1 {print $1, $2}')).
Command: \`bench/tracing.sh\`. Load average (1 min) at the start: $quiet.

Four \`nimbus edge --join\` processes on core 1 in front of one nginx app instance (core 0, with wrk):
\`--tracing off\` (the traceparent is still continued), \`--tracing on\` (the default: every request's journey recorded
in the edge's ring — traces, \`nimbus logs --access\`), \`--tracing on --otlp-endpoint\` (also exported with the
OpenTelemetry SDK over OTLP/HTTP protobuf to the control plane's receiver), and the same with \`--otlp-sample 0.1\`.
\`taskset -c 0 wrk -t1 -c$conns -d${duration}s --latency\` after a ${warmup} s warm-up each, the four in turn for $runs
rounds, medians.

| edge | req/s | p50 | p99 | req/s of each round | errors |
|---|---|---|---|---|---|
$(row off "tracing off")
$(row on "tracing on (ring)")
$(row otlp "tracing on + OTLP export of every trace")
$(row otlp10 "tracing on + OTLP export, --otlp-sample 0.1")

Cost (the median over rounds of 1 − req/s ÷ tracing off's req/s in the same round, which cancels the machine's drift
between rounds): tracing ${cost_on}% of req/s (goal < 5%: $(verdict "$cost_on")). With OTLP export of every trace: ${cost_otlp}%
(building each request's activities; the SDK's batch processor, at its defaults, sends up to 512 spans every 5 s and
drops what its 2048-span queue cannot hold); exporting one trace in ten: ${cost_otlp10}%.
MD
)
out="$root/docs/BENCHMARKS.md"
write_section Tracing "$section"
