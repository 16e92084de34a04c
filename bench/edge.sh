#!/usr/bin/env bash
# Edge benchmark (issue 3). HTTP: wrk against one small static nginx backend reached directly, through
# nginx (1 worker), through HAProxy (1 thread) and through the Nimbus edge; each proxy on core 1, wrk and
# the backend on core 0. DNS: dnsperf with one query file against Nimbus DNS and dnsmasq (both on core 1).
# Results go to docs/BENCHMARKS.md (section "Edge"). Not a test: run it by hand, as root, on a quiet machine.
# Knobs: DURATION (s, default 10), CONNS (32), RUNS (5: interleaved rounds, each target once per round), WARMUP (s, 40: .NET compiles code that runs once a second — heartbeats, the watch — to its final tier only after ~30 calls, on the proxy's core), DNS_SECONDS (10), LOAD_WAIT (s, 600).
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
duration="${DURATION:-10}"; conns="${CONNS:-32}"; runs="${RUNS:-5}"; warmup="${WARMUP:-40}"
dns_seconds="${DNS_SECONDS:-10}"; load_wait="${LOAD_WAIT:-600}"
cd "$root"

# --- tools ------------------------------------------------------------------------------------------
need=()
for tool in nginx:nginx haproxy:haproxy wrk:wrk dnsperf:dnsperf dnsmasq:dnsmasq dig:dnsutils taskset:util-linux; do
  command -v "${tool%%:*}" >/dev/null || PATH="$PATH:/usr/sbin" command -v "${tool%%:*}" >/dev/null || need+=("${tool#*:}")
done
export PATH="$PATH:/usr/sbin"
if ((${#need[@]})); then
  [[ $(id -u) == 0 ]] || { echo "edge.sh: missing ${need[*]}; run as root to install them" >&2; exit 1; }
  echo "installing ${need[*]}…" >&2
  apt-get update -qq >/dev/null
  # policy-rc.d or no init keeps the packages' own services from starting; nothing here relies on them.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
((  $(nproc) >= 2 )) || { echo "edge.sh: needs 2 cores (proxy on core 1, load generator on core 0)" >&2; exit 1; }

./nimbus --help >/dev/null   # build first, outside the measurement
dll="$root/artifacts/nimbus/nimbus.dll"
nginx_bin=$(command -v nginx)

work=$(mktemp -d /tmp/nimbus-edge-bench-XXXXXX); chmod 755 "$work"
started=()      # every pid this script started, killed by pid on exit
instance_pids=() # the Nimbus instance's nginx processes (started by Nimbus, re-pinned to core 0 here)
up_pid=""
edge_pid=""
cleanup() {
  local p
  stop_started
  # Whatever Nimbus started and left behind (an instance's nginx master and workers): processes working in,
  # or started from, this run's own folder.
  for p in /proc/[0-9]*; do
    { [[ $(readlink "$p/cwd" 2>/dev/null) == "$work"* ]] || grep -qs -- "$work" "$p/cmdline"; } \
      && kill -KILL "${p#/proc/}" 2>/dev/null || true
  done
  [[ -n "$up_pid" ]] && rm -f "/tmp/perf-$up_pid.map"
  [[ -n "$edge_pid" ]] && rm -f "/tmp/perf-$edge_pid.map"
  rm -rf "$work"
}
trap cleanup EXIT

wait_http() {   # URL [Host] — until it answers 200, at most 30 s
  local deadline=$((SECONDS + 30))
  until curl -sf -o /dev/null ${2:+-H "Host: $2"} "$1"; do
    ((SECONDS < deadline)) || { echo "edge.sh: $1 did not answer within 30 s" >&2
      tail -n 20 "$work"/*.log "$work"/*/error.log >&2 2>/dev/null; exit 1; }
    sleep 0.1
  done
}

backend_template "$work/backend.conf.in"

# CPU time (utime + stime) of PIDS, in clock ticks; and the % of one core they used since TICKS at MS.
ticks_of() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo "$t"; }
cpu_since() { echo $(( ($(ticks_of $cpu_pids) - $1) * 100000 / (($(now_ms) - $2) * $(getconf CLK_TCK)) )); }
cpu_pids=""     # the server whose CPU measure_dns reports
pin_all() {     # CORE PID: every thread of PID onto CORE (threads it starts later inherit it)
  local t; for t in /proc/"$2"/task/*; do taskset -pc "$1" "${t##*/}" >/dev/null 2>&1 || true; done
}

# Every target runs at once (the proxies idle on core 1 while another one is measured) and the runs are interleaved:
# round 1 measures each target once, then round 2, … A machine whose speed drifts during the benchmark (another
# tenant's load comes and goes) then shifts every target alike, and the ratios are taken per round (paired) before
# their median. `nimbus up` takes core 1 only for its own runs and idles on core 0 otherwise.
targets=(backend nginx haproxy instance nimbus nimbus_up)
declare -A url host pids runs_rps runs_p50 runs_p99 errs cpu_ticks cpu_ms rps p50 p99 all cpu
measured_as() { # NAME CMD…: runs CMD while NAME has core 1 (only `nimbus up` moves; the proxies stay there)
  local n=$1; shift
  if [[ $n == nimbus_up ]]; then pin_all 1 "$up_pid"; fi
  "$@"
  if [[ $n == nimbus_up ]]; then pin_all 0 "$up_pid"; fi
}
run_once() {    # NAME ROUND: one wrk run against it, recorded (core 1 already taken)
  local n=$1 line t0 m0 x y z w
  t0=$(ticks_of ${pids[$n]}); m0=$(now_ms)
  line=$(wrk_once "${url[$n]}" "${host[$n]:-}")
  cpu_ticks[$n]=$(( ${cpu_ticks[$n]:-0} + $(ticks_of ${pids[$n]}) - t0 )); cpu_ms[$n]=$(( ${cpu_ms[$n]:-0} + $(now_ms) - m0 ))
  read -r x y z w <<<"$line"
  runs_rps[$n]+="$x "; runs_p50[$n]+="$y "; runs_p99[$n]+="$z "; errs[$n]=$(( ${errs[$n]:-0} + w ))
  echo "  round $2 $n: $line" >&2
}
run_target() { measured_as "$1" run_once "$1" "$2"; }
warm_target() { # NAME SECONDS
  measured_as "$1" taskset -c 0 wrk -t1 -c"$conns" -d"${2}s" ${host[$1]:+-H "Host: ${host[$1]}"} "${url[$1]}" >/dev/null
}
paired() {      # KIND A B → the median over rounds of A's value / B's value in that round (KIND: rps or p99)
  local -n la="runs_$1"
  paste -d' ' <(tr ' ' '\n' <<<"${la[$2]}" | sed '/^$/d') <(tr ' ' '\n' <<<"${la[$3]}" | sed '/^$/d') |
    awk '$2 > 0 {printf "%.4f\n", $1 / $2}' | median | awk '{printf "%.2f", $1}'
}

# a. the backend: nginx on core 0 (with wrk), the same for nginx and HAProxy as Nimbus's app is for Nimbus
backend_port=$(free_port); mkdir -p "$work/backend"
sed -e "s|@DIR@|$work/backend|g" -e "s|@PORT@|$backend_port|g" "$work/backend.conf.in" >"$work/backend/nginx.conf"
taskset -c 0 "$nginx_bin" -e "$work/backend/error.log" -p "$work/backend" -c "$work/backend/nginx.conf" &
backend_pid=$!; started+=("$backend_pid")
wait_http "http://127.0.0.1:$backend_port/"
url[backend]="http://127.0.0.1:$backend_port/"; pids[backend]=$(pgrep -P "$backend_pid" | tr '\n' ' ')

# b. nginx as the reverse proxy: 1 worker on core 1, keep-alive pool to the backend
proxy_port=$(free_port); mkdir -p "$work/nginx"
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path $work/nginx/body; proxy_temp_path $work/nginx/proxy; fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi; scgi_temp_path $work/nginx/scgi;
  upstream backend { server 127.0.0.1:$backend_port; keepalive 64; keepalive_requests 1000000; }
  server {
    listen 127.0.0.1:$proxy_port;
    location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
CONF
taskset -c 1 "$nginx_bin" -e "$work/nginx/error.log" -p "$work/nginx" -c "$work/nginx/nginx.conf" &
nginx_pid=$!; started+=("$nginx_pid")
wait_http "http://127.0.0.1:$proxy_port/"
url[nginx]="http://127.0.0.1:$proxy_port/"; pids[nginx]=$(pgrep -P "$nginx_pid" | tr '\n' ' ')

# c. HAProxy: one thread on core 1, http mode, server connections reused
haproxy_port=$(free_port)
cat >"$work/haproxy.cfg" <<CONF
global
  nbthread 1
  maxconn 4096
defaults
  mode http
  timeout connect 5s
  timeout client 30s
  timeout server 30s
  http-reuse always
frontend fe
  bind 127.0.0.1:$haproxy_port
  default_backend be
backend be
  server s1 127.0.0.1:$backend_port
CONF
taskset -c 1 haproxy -db -f "$work/haproxy.cfg" >"$work/haproxy.log" 2>&1 &
haproxy_pid=$!; started+=("$haproxy_pid")
wait_http "http://127.0.0.1:$haproxy_port/"
url[haproxy]="http://127.0.0.1:$haproxy_port/"; pids[haproxy]=$haproxy_pid

# d. Nimbus: `nimbus up` (the whole process; on core 1 while it deploys and for its own runs, else on core 0), whose
# backend is the same nginx deployed as an app.
data="$work/data"; mkdir -p "$data"; chmod 755 "$data"
# A perf map lets `perf` name JIT-compiled methods; it is written only when a method is compiled.
DOTNET_PerfMapEnabled=3 taskset -c 1 dotnet "$dll" up --data "$data" --api-port 0 --http-port 0 --https-port 0 \
  --dns-port 0 --stop-grace 2s >"$work/up.log" 2>&1 &
up_pid=$!; started+=("$up_pid")
deadline=$((SECONDS + 60))
until [[ -f "$data/endpoints.json" ]]; do
  ((SECONDS < deadline)) || { cat "$work/up.log" >&2; exit 1; }; sleep 0.1
done
http_url=$(sed -n 's/.*"http":"\([^"]*\)".*/\1/p' "$data/endpoints.json")
dns_ep=$(sed -n 's/.*"dns":"\([^"]*\)".*/\1/p' "$data/endpoints.json"); dns_port=${dns_ep##*:}
# Under taskset the node sees one core (1000m): the benchmark app gets 900m, which nginx sharing core 0
# with wrk never reaches, and two more apps for the DNS query mix get 50m each.
apps=(bench shop blog)
for app in "${apps[@]}"; do
  cpu=50m; [[ $app == bench ]] && cpu=900m
  taskset -c 0 dotnet "$dll" deploy "$(nginx_app "$work/apps" "$app" "$cpu")" --data "$data" >"$work/deploy-$app.log" 2>&1 \
    || { cat "$work/deploy-$app.log" >&2; exit 1; }
done
wait_http "$http_url/" bench.localhost
# Re-pin the backend instance (nginx master and worker, started by Nimbus on core 1) to core 0.
instance_port=$(dig @127.0.0.1 -p "$dns_port" _http._tcp.bench.nimbus.internal SRV +short | awk 'NR == 1 {print $3}')
instance_pids=($(ps -eo pid=,args= | awk -v d="$data" -v p="nginx-$instance_port/" '$2 == "nginx:" && index($0, d) && index($0, p) {print $1}'))
for p in $(pgrep -P "${instance_pids[0]}"); do instance_pids+=("$p"); done
for p in "${instance_pids[@]}"; do taskset -acp 0 "$p" >/dev/null; done
url[instance]="http://127.0.0.1:$instance_port/"; pids[instance]="${instance_pids[*]:1}"
url[nimbus_up]="$http_url/"; host[nimbus_up]=bench.localhost; pids[nimbus_up]=$up_pid
pin_all 0 "$up_pid"

# e. the Nimbus edge as its own process (`nimbus edge --join`, as a dedicated edge machine runs it) on core 1, next to
# nginx and HAProxy as the proxies they are.
api_url=$(sed -n 's/.*"api":"\([^"]*\)".*/\1/p' "$data/endpoints.json")
NIMBUS_TOKEN=$(cat "$data/credentials") DOTNET_PerfMapEnabled=3 taskset -c 1 dotnet "$dll" edge --join "$api_url" \
  --name edge-bench --zone local-a --http-port 0 --https-port 0 --dns-port 0 >"$work/edge.log" 2>&1 &
edge_pid=$!; started+=("$edge_pid")
deadline=$((SECONDS + 60))
until grep -q "following" "$work/edge.log"; do
  ((SECONDS < deadline)) || { cat "$work/edge.log" >&2; exit 1; }; sleep 0.1
done
edge_url="http://$(sed -n 's/.*: http \([^,]*\),.*/\1/p' "$work/edge.log")"
edge_dns=$(sed -n 's/.*, dns \([0-9.]*:[0-9]*\).*/\1/p' "$work/edge.log"); dns_port=${edge_dns##*:}
wait_http "$edge_url/" bench.localhost
url[nimbus]="$edge_url/"; host[nimbus]=bench.localhost; pids[nimbus]=$edge_pid

load_http=$(wait_quiet)
echo "HTTP (load $load_http): wrk -t1 -c$conns -d${duration}s --latency, $runs interleaved rounds" >&2
for t in "${targets[@]}"; do
  case $t in backend|instance) warm_target "$t" 5 ;; *) warm_target "$t" "$warmup" ;; esac
done
for r in $(seq 1 "$runs"); do
  for t in "${targets[@]}"; do run_target "$t" "$r"; done
done
for t in "${targets[@]}"; do
  rps[$t]=$(tr ' ' '\n' <<<"${runs_rps[$t]}" | median); p50[$t]=$(tr ' ' '\n' <<<"${runs_p50[$t]}" | median)
  p99[$t]=$(tr ' ' '\n' <<<"${runs_p99[$t]}" | median); all[$t]="${runs_rps[$t]% }"
  cpu[$t]=$(( ${cpu_ticks[$t]} * 100000 / (${cpu_ms[$t]} * $(getconf CLK_TCK)) ))
done
up_rss=$(( $(ps -o rss= -p "$up_pid") / 1024 ))
edge_rss=$(( $(ps -o rss= -p "$edge_pid") / 1024 ))
stop "$nginx_pid"; stop "$haproxy_pid"; stop "$backend_pid"

symbolize='
import bisect, collections, re, sys
maps = []
try:
    for line in open(sys.argv[1]):
        a, n, name = line.rstrip("\n").split(" ", 2)
        maps.append((int(a, 16), int(n, 16), re.sub(r"\[[A-Za-z0-9]+\]$", "", name)))
except OSError:
    pass
maps.sort(); starts = [m[0] for m in maps]
counts = collections.Counter(); total = 0
for line in sys.stdin:
    m = re.match(r"\s*([0-9a-f]+)\s+(.*?)\s+\((.*)\)\s*$", line)
    if not m:
        continue
    ip, sym, dso = int(m.group(1), 16), m.group(2), m.group(3)
    total += 1
    i = bisect.bisect_right(starts, ip) - 1
    if sym.startswith("[unknown]") and i >= 0 and ip < maps[i][0] + maps[i][1]:
        sym = maps[i][2]
    elif sym.startswith("[unknown]"):
        sym = "[unknown] in " + dso.split("/")[-1]
    sym = sym.split("+0x")[0]
    if "] " in sym and "::" in sym:   # "instance void [Asm] Ns.Type::Method(args)" -> "Type::Method"
        sym = re.sub(r"\(.*$", "", sym.split("] ", 1)[1])
        typ, _, meth = sym.partition("::")
        sym = typ.rsplit(".", 1)[-1] + "::" + meth
    counts[sym[:100]] += 1
for sym, n in counts.most_common(20):
    print("%6.2f%%  %s" % (100.0 * n / max(total, 1), sym))
'
# Where the edge's time goes: a perf profile of the edge process during one more (unmeasured) wrk run.
profile="perf unavailable"
if command -v perf >/dev/null; then
  taskset -c 0 wrk -t1 -c"$conns" -d8s -H "Host: bench.localhost" "$edge_url/" >/dev/null &
  wrk_pid=$!; started+=("$wrk_pid")
  sleep 1   # into the run: profile the steady state, not the ramp
  if taskset -c 0 perf record -q -F 499 -p "$edge_pid" -o "$work/perf.data" -- sleep 5 >/dev/null 2>&1; then
    perf report -i "$work/perf.data" --no-children --sort dso --stdio 2>/dev/null | grep -E '^ +[0-9]' | sed -n 1,8p >"$work/perf-dso.txt"
    # JIT-compiled code lives in a W^X double mapping perf cannot name: look its addresses up in the perf map.
    perf script -i "$work/perf.data" -F ip,sym,dso 2>/dev/null | python3 -c "$symbolize" "/tmp/perf-$edge_pid.map" >"$work/perf-sym.txt"
    echo "--- perf: edge process by DSO ---" >&2; cat "$work/perf-dso.txt" >&2
    echo "--- perf: top methods and functions ---" >&2; cat "$work/perf-sym.txt" >&2
    profile="perf, by DSO: $(awk '{d=$2; sub(/.*\//, "", d); sub(/^memfd:doublemapper$/, "JIT code", d); printf "%s%s %s", (NR>1 ? ", " : ""), d, $1} NR==6 {exit}' "$work/perf-dso.txt");
hottest: $(awk '{p=$1; $1=""; printf "%s`%s` %s", (NR>1 ? ", " : ""), substr($0, 2), p} NR==6 {exit}' "$work/perf-sym.txt")"
  fi
  stop "$wrk_pid"
fi

# --- DNS ------------------------------------------------------------------------------------------
qfile="$work/queries.txt"
for i in $(seq 0 999); do
  app=${apps[$((i % 3))]}
  if ((i % 2)); then echo "_http._tcp.$app.nimbus.internal SRV"; else echo "$app.nimbus.internal A"; fi
done >"$qfile"
# dnsmasq answers the same names from its config: the A record and each app's SRV record, as Nimbus has them.
dnsmasq_port=$(free_port)
{
  echo "port=$dnsmasq_port"; echo "listen-address=127.0.0.1"; echo "bind-interfaces"
  echo "no-resolv"; echo "no-hosts"; echo "local-ttl=5"; echo "pid-file=$work/dnsmasq.pid"
  for app in "${apps[@]}"; do
    echo "address=/$app.nimbus.internal/127.0.0.1"
    dig @127.0.0.1 -p "$dns_port" "_http._tcp.$app.nimbus.internal" SRV +short |
      awk -v n="_http._tcp.$app.nimbus.internal" '{sub(/\.$/, "", $4); printf "srv-host=%s,%s,%s,%s,%s\n", n, $4, $3, $1, $2}'
  done
} >"$work/dnsmasq.conf"
dnsperf_once() {  # PORT → "qps lost"
  taskset -c 0 dnsperf -s 127.0.0.1 -p "$1" -d "$qfile" -l "$dns_seconds" -c 8 -q 100 -t 2 |
    awk '/Queries lost:/ {lost = $3} /Queries per second:/ {qps = $4} END {printf "%.0f %d\n", qps, lost}'
}
declare -A qps lost qall qcpu
measure_dns() {   # NAME PORT
  local q=() l=0 line t0 m0
  taskset -c 0 dnsperf -s 127.0.0.1 -p "$2" -d "$qfile" -l 3 -c 8 -q 100 >/dev/null   # warm-up
  t0=$(ticks_of $cpu_pids); m0=$(now_ms)
  for _ in $(seq 1 "$runs"); do
    line=$(dnsperf_once "$2"); read -r x y <<<"$line"; q+=("$x"); l=$((l + y))
    echo "  $1: $line" >&2
  done
  qps[$1]=$(printf '%s\n' "${q[@]}" | median); lost[$1]=$l; qall[$1]="${q[*]}"; qcpu[$1]=$(cpu_since "$t0" "$m0")
}
load_dns=$(cut -d' ' -f1 /proc/loadavg)
echo "DNS (load $load_dns): dnsperf -l $dns_seconds -c 8 -q 100, median of $runs" >&2
cpu_pids=$edge_pid
measure_dns nimbus "$dns_port"
nimbus_srv=$(dig @127.0.0.1 -p "$dns_port" _http._tcp.bench.nimbus.internal SRV | awk '/MSG SIZE/ {print $NF}')
stop "$edge_pid"
stop "$up_pid"

taskset -c 1 dnsmasq -k -C "$work/dnsmasq.conf" >"$work/dnsmasq.log" 2>&1 &
dnsmasq_pid=$!; started+=("$dnsmasq_pid")
deadline=$((SECONDS + 10))
until [[ $(dig @127.0.0.1 -p "$dnsmasq_port" bench.nimbus.internal +short +time=1 +tries=1) == *127.0.0.1* ]]; do
  ((SECONDS < deadline)) || { cat "$work/dnsmasq.log" >&2; exit 1; }; sleep 0.1
done
dnsmasq_srv=$(dig @127.0.0.1 -p "$dnsmasq_port" _http._tcp.bench.nimbus.internal SRV | awk '/MSG SIZE/ {print $NF}')
cpu_pids=$dnsmasq_pid
measure_dns dnsmasq "$dnsmasq_port"
stop "$dnsmasq_pid"

# --- report ---------------------------------------------------------------------------------------
r_nginx=$(paired rps nimbus nginx); r_haproxy=$(paired rps nimbus haproxy)
p_nginx=$(paired p99 nimbus nginx); p_haproxy=$(paired p99 nimbus haproxy)
r_dns=$(ratio "${qps[nimbus]}" "${qps[dnsmasq]}")
verdict() { awk -v v="$1" -v g="$2" -v op="$3" 'BEGIN {ok = (op == ">=" ? v >= g : v <= g); print (ok ? "met" : "not met")}'; }
cpu_model=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
machine="$(nproc) cores ($cpu_model), $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr), .NET $(dotnet --version)"
versions="nginx $(nginx -v 2>&1 | sed 's|.*/||'), HAProxy $(haproxy -v | awk 'NR==1 {print $3}'), $(wrk -v 2>&1 | awk 'NR==1 {print $1, $2}'), dnsperf $(dnsperf -h 2>&1 | awk '/^Version/ {print $2}'), dnsmasq $(dnsmasq -v | awk 'NR==1 {print $3}')"
# A server below 90% of its core was held back by something else: core 0 (wrk, dnsperf, the backend) or other load.
bounded() {     # KIND NAME... (names whose CPU is in the array KIND)
  local -n c=$1; shift; local n out=()
  for n in "$@"; do ((${c[$n]} < 90)) && out+=("$n (${c[$n]}%)"); done
  ((${#out[@]})) || return 0
  echo "Below 90% of a core, so held back by something other than itself (core 0's load generator or backend,"
  echo "or other load on the machine): ${out[*]}; a ratio against it is not the server's limit."
}
row() { echo "| $2 | ${rps[$1]} | ${p50[$1]} ms | ${p99[$1]} ms | ${cpu[$1]}% | ${all[$1]} | ${errs[$1]} |"; }

section=$(cat <<MD
## Edge

One run on $(date -u +%Y-%m-%d) ($machine; $versions). Command: \`bench/edge.sh\`.
Load average (1 min) when the HTTP runs started: $load_http; when the DNS runs started: $load_dns.

### HTTP

\`taskset -c 0 wrk -t1 -c$conns -d${duration}s --latency URL\`, $runs interleaved rounds: every target runs at once (a proxy
idles on its core while another is measured) and each round measures each target once, so a machine whose speed
drifts during the benchmark (other tenants' load comes and goes) shifts every target alike. Each column is the median
of the rounds; the ratios are medians of the per-round ratios (paired). Each proxy first gets a ${warmup} s warm-up:
long enough for .NET to finish compiling, to its final tier, code that runs once a second (heartbeats, the
control-plane watch: ~30 calls before it is recompiled); a shorter one measures those compilations on the proxy's
one core as latency spikes (p99), not the proxy.
The backend is nginx (1 worker, \`return 200\` of a 13-byte body, keep-alive) on core 0 with wrk. Each proxy runs on
core 1: nginx (\`worker_processes 1\`, \`upstream { keepalive 64; }\`, \`proxy_http_version 1.1\`,
\`proxy_set_header Connection ""\`), HAProxy (\`nbthread 1\`, \`mode http\`, \`http-reuse always\`), and Nimbus twice:
a \`nimbus edge --join\` process (an edge on its own, as on a dedicated edge machine), and the whole \`nimbus up\`
process (wrk sends \`Host: bench.localhost\`), whose backend is the same nginx deployed as the app \`bench\`
(\`run: sh start.sh\`, 900m cpu), re-pinned to core 0. \`up\` takes core 1 for its own runs and idles on core 0
otherwise. The Nimbus/nginx and Nimbus/HAProxy ratios compare the edge process with the other proxy processes. With 2
cores the backend shares core 0 with wrk, so "direct" is bounded by that core, not by nginx.

| target | req/s | p50 | p99 | CPU of the proxy (direct: of the backend) | req/s of each round | errors |
|---|---|---|---|---|---|---|
$(row backend "backend directly")
$(row nginx "through nginx")
$(row haproxy "through HAProxy")
$(row nimbus "through the Nimbus edge (\`nimbus edge\` process)")
$(row nimbus_up "through the Nimbus edge inside \`nimbus up\`")
$(row instance "the Nimbus app's instance directly")

Nimbus/nginx: ${r_nginx}× req/s (goal ≥ 1.0: $(verdict "$r_nginx" 1.0 ">=")), p99 ${p_nginx}× (goal ≤ 1.5: $(verdict "$p_nginx" 1.5 "<=")).
Nimbus/HAProxy: ${r_haproxy}× req/s, p99 ${p_haproxy}×.
Inside \`nimbus up\` (control plane, agent, object store and edge in one process): $(paired rps nimbus_up nginx)× nginx req/s, p99 $(paired p99 nimbus_up nginx)×.
$(bounded cpu nginx haproxy nimbus nimbus_up)

Observed: the \`nimbus edge\` process used ${cpu[nimbus]}% of its core with ${edge_rss} MB RSS after the runs
(\`nimbus up\`: ${cpu[nimbus_up]}%, ${up_rss} MB); $profile.

### DNS

\`taskset -c 0 dnsperf -s 127.0.0.1 -p PORT -d queries.txt -l $dns_seconds -c 8 -q 100 -t 2\` after a 3 s warm-up, $runs runs,
medians. queries.txt: 1000 lines alternating \`APP.nimbus.internal A\` and \`_http._tcp.APP.nimbus.internal SRV\` over
3 deployed apps (1 instance each). Both servers on core 1 (Nimbus: the \`nimbus edge\` process). dnsmasq answers the same names from its config
(\`address=/APP.nimbus.internal/127.0.0.1\`, \`srv-host=\` with Nimbus's instance names and ports, \`local-ttl=5\`);
Nimbus's SRV answer also carries the target's A record in the additional section (SRV response: Nimbus
${nimbus_srv} bytes, dnsmasq ${dnsmasq_srv} bytes).

| server | queries/s | CPU of the server | queries/s of each run | lost |
|---|---|---|---|---|
| dnsmasq | ${qps[dnsmasq]} | ${qcpu[dnsmasq]}% | ${qall[dnsmasq]} | ${lost[dnsmasq]} |
| Nimbus DNS | ${qps[nimbus]} | ${qcpu[nimbus]}% | ${qall[nimbus]} | ${lost[nimbus]} |

Nimbus/dnsmasq: ${r_dns}× queries/s (goal ≥ 1.0: $(verdict "$r_dns" 1.0 ">=")).
$(bounded qcpu dnsmasq nimbus)
MD
)

out="$root/docs/BENCHMARKS.md"
write_section Edge "$section"
