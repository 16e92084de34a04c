#!/usr/bin/env bash
# Object storage benchmark (issue 4). The disk's own limits with fio, then PUT and GET of 4 KiB, 1 MiB and 64 MiB
# objects at concurrency 1 and 16, and ListObjectsV2 over a filled bucket, against s3rver (npm, the peer) and the
# Nimbus S3 endpoint (`nimbus up --s3-port 0`), with the same client: bench/S3Load, by default its raw client
# (HttpClient with SigV4 header signing written in S3Load: ~0.1 ms of client CPU per request where the AWS SDK for .NET
# spends 0.6–3 ms, so small-object rows measure the server, not the client). Each server runs on core 1, the client
# on core 0. Results go to docs/BENCHMARKS.md (section "Object storage").
# Not a test: run it by hand, as root, on a quiet machine.
# Knobs: DURATION (s per measurement, default 3), WARMUP (s, 1), RUNS (3), SIZES ("4K 1M 64M"), CONCURRENCY ("1 16"),
#   LIST_KEYS (keys in Nimbus's listing bucket, 1000000), PEER_LIST_KEYS (s3rver's, 10000), FILL_CONCURRENCY (64),
#   FILL_SECONDS (upper bound on each fill, 300), FIO_SIZE (1G), FIO_SECONDS (10), LOAD_WAIT (s, 600), PIN (1: pin to
#   cores), CLIENT (raw: S3Load's own HTTP client, the default; sdk: the AWS SDK for .NET), BENCH_OUT (the file to
#   write, docs/BENCHMARKS.md), SERVER_WARMUP (s of unmeasured 4 KiB PUT and GET after each server starts, 10).
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib.sh"
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
duration="${DURATION:-3}"; warmup="${WARMUP:-1}"; runs="${RUNS:-3}"; sizes="${SIZES:-4K 1M 64M}"
concurrencies="${CONCURRENCY:-1 16}"; list_keys="${LIST_KEYS:-1000000}"; peer_list_keys="${PEER_LIST_KEYS:-10000}"
fill_conc="${FILL_CONCURRENCY:-64}"; fill_seconds="${FILL_SECONDS:-300}"; fio_size="${FIO_SIZE:-1G}"
fio_seconds="${FIO_SECONDS:-10}"; load_wait="${LOAD_WAIT:-600}"; pin="${PIN:-1}"; client="${CLIENT:-raw}"
server_warmup="${SERVER_WARMUP:-10}"
[[ $client == raw || $client == sdk ]] || { echo "s3.sh: CLIENT is raw or sdk, not '$client'" >&2; exit 2; }
out="${BENCH_OUT:-$root/docs/BENCHMARKS.md}"
s3rver_version=3.7.1
cd "$root"

# --- tools ------------------------------------------------------------------------------------------
need=()
for tool in fio:fio node:nodejs npm:npm taskset:util-linux python3:python3 curl:curl; do
  command -v "${tool%%:*}" >/dev/null || need+=("${tool#*:}")
done
if ((${#need[@]})); then
  [[ $(id -u) == 0 ]] || { echo "s3.sh: missing ${need[*]}; run as root to install them" >&2; exit 1; }
  echo "installing ${need[*]}…" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
(( $(nproc) >= 2 )) || pin=0   # one core: nothing to separate the client from the server with
client_cpu=(); server_cpu=()
((pin)) && { client_cpu=(taskset -c 0); server_cpu=(taskset -c 1); }

# Build first, outside the measurement: Nimbus and the load generator (not in Nimbus.slnx).
./nimbus --help >/dev/null
dll="$root/artifacts/nimbus/nimbus.dll"
dotnet build bench/S3Load/S3Load.csproj -c Release --nologo -v quiet -clp:ErrorsOnly >/dev/null \
  || { dotnet build bench/S3Load/S3Load.csproj -c Release --nologo -v quiet -clp:ErrorsOnly >&2; exit 1; }
s3load_dll="$root/artifacts/bin/S3Load/release/S3Load.dll"

# s3rver from the npm mirror, kept under artifacts/ between runs (bench-local, never global).
node_dir="$root/artifacts/bench/s3rver-$s3rver_version"
s3rver_js="$node_dir/node_modules/s3rver/bin/s3rver.js"
if [[ ! -f "$s3rver_js" ]]; then
  echo "installing s3rver@$s3rver_version…" >&2
  mkdir -p "$node_dir"
  npm install --prefix "$node_dir" --no-audit --no-fund --loglevel=error "s3rver@$s3rver_version" >/dev/null
fi
# s3rver signs ListObjectsV2 continuation tokens with DES, which OpenSSL 3 keeps in its legacy provider: without
# it every listing past the first page fails with InternalError.
node_flags=()
node --openssl-legacy-provider -e 0 2>/dev/null && node_flags=(--openssl-legacy-provider)

work=$(mktemp -d /tmp/nimbus-s3-bench-XXXXXX); chmod 755 "$work"
started=()      # every pid this script started, killed by pid on exit
cleanup() { stop_started; rm -rf "$work"; }
trap cleanup EXIT

fmt() {         # a number with 3 significant-ish digits: 12345, 123, 12.3, 1.23
  awk '{v=$1; if (v == "") print ""; else if (v >= 100) printf "%.0f\n", v; else if (v >= 10) printf "%.1f\n", v; else printf "%.2f\n", v}'
}
field() { tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"; }   # LINE NAME → the value of NAME= in an S3Load line
pct() { awk '{if ($1 == "") print ""; else printf "%.0f\n", $1}'; }   # a CPU % without decimals
wait_s3() {     # URL: until anything answers HTTP (any status: an unsigned request may be refused), at most 60 s
  local deadline=$((SECONDS + 60))
  until [[ $(curl -s -o /dev/null -w '%{http_code}' "$1/" || true) != 000 ]]; do
    ((SECONDS < deadline)) || { echo "s3.sh: $1 did not answer within 60 s" >&2; tail -n 20 "$work"/*.log >&2; exit 1; }
    sleep 0.1
  done
}
bytes_of() {    # 4K / 1M / 64M → bytes
  local n=${1%[KkMmGg]}
  case "${1: -1}" in K|k) echo $((n << 10)) ;; M|m) echo $((n << 20)) ;; G|g) echo $((n << 30)) ;; *) echo "$1" ;; esac
}
label_of() {    # bytes → "4 KiB", "1 MiB", "64 MiB"
  awk -v b="$1" 'BEGIN { if (b >= 1048576 && b % 1048576 == 0) printf "%d MiB", b / 1048576;
                         else if (b >= 1024 && b % 1024 == 0) printf "%d KiB", b / 1024; else printf "%d B", b }'
}

# The server under test: set by start_s3rver / start_nimbus.
endpoint=""; access_key=""; secret_key=""; region="us-east-1"; server_pid=""
s3load() {      # MODE ARGS… → S3Load's result line on stdout; its first error (if any) on stderr
  local limit=$(( ${duration%.*} + ${warmup%.*} + fill_seconds + 600 ))
  AWS_ACCESS_KEY_ID="$access_key" AWS_SECRET_ACCESS_KEY="$secret_key" \
    timeout --signal=INT --kill-after=10 "$limit" "${client_cpu[@]}" dotnet "$s3load_dll" "$@" \
    --endpoint "$endpoint" --region "$region" --server-pid "$server_pid" --client "$client"
}

# --- disk: fio on the filesystem the data dirs are on -------------------------------------------------
declare -A disk
fio_dir="$work/fio"; mkdir -p "$fio_dir"
fio_json() {    # KEY (read.bw_bytes, write.iops, …) FIO-ARGS… → the value of KEY for the job
  local key=$1; shift
  fio --output-format=json --directory="$fio_dir" "$@" 2>"$work/fio.err" |
    python3 -c 'import json, sys
j = json.load(sys.stdin)["jobs"][0]; rw, k = sys.argv[1].split(".")
print("%.0f" % j[rw][k])' "$key" || { cat "$work/fio.err" >&2; exit 1; }
}
# O_DIRECT measures the device, not the page cache; where the filesystem refuses it, buffered I/O with a final
# fsync still counts the time to get the data onto the disk.
if fio --directory="$fio_dir" --name=probe --rw=write --bs=1M --size=1M --direct=1 >/dev/null 2>&1; then
  fio_mode="direct=1, libaio, iodepth 16"; seq_args=(--direct=1 --ioengine=libaio --iodepth=16)
else
  fio_mode="buffered (the filesystem refuses O_DIRECT), psync, end_fsync"; seq_args=(--direct=0 --ioengine=psync --end_fsync=1)
fi
rm -f "$fio_dir"/probe*
fs_line=$(df -hT "$work" | awk 'NR == 2 {print $1 " (" $2 ", " $3 ")"}')
echo "disk: $fs_line, fio $fio_mode" >&2
disk[write]=$(( $(fio_json write.bw_bytes --name=seqwrite --filename=seq.dat --rw=write --bs=1M --size="$fio_size" "${seq_args[@]}") >> 20 ))
disk[read]=$(( $(fio_json read.bw_bytes --name=seqread --filename=seq.dat --rw=read --bs=1M --size="$fio_size" "${seq_args[@]}") >> 20 ))
rm -f "$fio_dir/seq.dat"
disk[fsync]=$(fio_json write.iops --name=fsync4k --filename=fsync.dat --rw=write --bs=4k --size=64M --fsync=1 \
  --iodepth=1 --ioengine=psync --runtime="$fio_seconds" --time_based)
rm -rf "$fio_dir"
echo "  sequential write ${disk[write]} MiB/s, sequential read ${disk[read]} MiB/s, fsync'd 4 KiB writes ${disk[fsync]}/s" >&2

# --- object PUT/GET and listing, per server ---------------------------------------------------------------
declare -A res   # "server|op|bytes|conc|what" → median, and "…|runs" → every run's MiB/s or keys/s; what: ops mib p50 p99 cpu err
declare -A lst   # "server|what": keys fill fill_cpu list p50 p99 cpu runs err
measure() {     # SERVER OP BYTES CONC: RUNS runs of DURATION s, medians of each field
  local name=$1 op=$2 bytes=$3 conc=$4 line o=() m=() a=() b=() c=() u=() e=0 k w=$warmup
  # A warm-up lets the client's JIT and connections settle; a 64 MiB request dwarfs both, and a warm-up round of 16
  # of them would double the row's time.
  ((bytes < 16 << 20)) || w=0
  for _ in $(seq 1 "$runs"); do
    if ! line=$(s3load "$op" --bucket bench --size "$bytes" --concurrency "$conc" --duration "$duration" --warmup "$w"); then
      echo "  $name $op $(label_of "$bytes") c$conc: S3Load failed" >&2; e=$((e + 1)); continue
    fi
    echo "  $name $op $(label_of "$bytes") c$conc: $line" >&2
    o+=("$(field "$line" ops_per_s)"); m+=("$(field "$line" mib_per_s)"); a+=("$(field "$line" p50_ms)")
    b+=("$(field "$line" p99_ms)"); c+=("$(field "$line" server_cpu_pct)"); u+=("$(field "$line" client_cpu_pct)")
    e=$((e + $(field "$line" errors)))
  done
  k="$name|$op|$bytes|$conc"
  res[$k|ops]=$(printf '%s\n' "${o[@]}" | median | fmt); res[$k|mib]=$(printf '%s\n' "${m[@]}" | median | fmt)
  res[$k|p50]=$(printf '%s\n' "${a[@]}" | median | fmt); res[$k|p99]=$(printf '%s\n' "${b[@]}" | median | fmt)
  res[$k|cpu]=$(printf '%s\n' "${c[@]}" | median | pct); res[$k|ccpu]=$(printf '%s\n' "${u[@]}" | median | pct)
  res[$k|err]=$e; res[$k|runs]="${m[*]}"
}
measure_list() {  # SERVER KEYS: fill a bucket with KEYS 0-byte objects, then RUNS full listings (pages of 1000)
  local name=$1 keys=$2 line k=() a=() b=() c=() u=() e=0
  if ! line=$(s3load fill --bucket list --count "$keys" --concurrency "$fill_conc" --duration "$fill_seconds"); then
    echo "  $name fill: S3Load failed" >&2; lst[$name|err]=failed; return
  fi
  echo "  $name fill: $line" >&2
  lst[$name|fill]=$(field "$line" ops_per_s | fmt); lst[$name|fill_cpu]=$(field "$line" server_cpu_pct)
  lst[$name|fill_err]=$(field "$line" errors)
  for _ in $(seq 1 "$runs"); do
    line=$(s3load list --bucket list --page-size 1000) || { e=$((e + 1)); continue; }
    echo "  $name list: $line" >&2
    k+=("$(field "$line" keys_per_s)"); a+=("$(field "$line" p50_ms)"); b+=("$(field "$line" p99_ms)")
    c+=("$(field "$line" server_cpu_pct)"); u+=("$(field "$line" client_cpu_pct)"); e=$((e + $(field "$line" errors)))
    lst[$name|keys]=$(field "$line" keys)
  done
  lst[$name|list]=$(printf '%s\n' "${k[@]}" | median | fmt); lst[$name|p50]=$(printf '%s\n' "${a[@]}" | median | fmt)
  lst[$name|p99]=$(printf '%s\n' "${b[@]}" | median | fmt); lst[$name|cpu]=$(printf '%s\n' "${c[@]}" | median | pct)
  lst[$name|ccpu]=$(printf '%s\n' "${u[@]}" | median | pct)
  lst[$name|runs]="${k[*]}"; lst[$name|err]=$e
}
measure_server() {  # SERVER LIST_KEYS
  local bytes conc
  # The server's own warm-up, unmeasured and the same for each: a just-started runtime compiles its hot paths in the
  # first seconds under load (.NET's tiered JIT), which would otherwise land in whichever row comes first.
  if ((server_warmup > 0)); then
    s3load put --bucket bench --size 4096 --concurrency 16 --duration "$server_warmup" --warmup 0 >/dev/null || true
    s3load get --bucket bench --size 4096 --concurrency 16 --duration "$server_warmup" --warmup 0 >/dev/null || true
  fi
  for size in $sizes; do
    bytes=$(bytes_of "$size")
    for conc in $concurrencies; do
      measure "$1" put "$bytes" "$conc"
      measure "$1" get "$bytes" "$conc"
    done
  done
  measure_list "$1" "$2"
}

load_start=$(wait_quiet)
echo "objects (load $load_start): $runs runs of ${duration} s after a ${warmup} s warm-up, sizes $sizes, concurrency $concurrencies" >&2

# a. s3rver: the peer, on core 1 with its own data directory.
s3rver_port=$(free_port); mkdir -p "$work/s3rver"
"${server_cpu[@]}" node "${node_flags[@]}" "$s3rver_js" --directory "$work/s3rver" --address 127.0.0.1 \
  --port "$s3rver_port" --silent >"$work/s3rver.log" 2>&1 &
server_pid=$!; started+=("$server_pid")
endpoint="http://127.0.0.1:$s3rver_port"; access_key=S3RVER; secret_key=S3RVER; region=us-east-1
wait_s3 "$endpoint"
measure_server s3rver "$peer_list_keys"
stop "$server_pid"; rm -rf "$work/s3rver"

# b. Nimbus: the whole `nimbus up` process on core 1, S3 on a free port; skipped (and said so) until it serves S3.
nimbus_skip=""
if ! dotnet "$dll" up --help 2>/dev/null | grep -q -- '--s3-port'; then
  nimbus_skip="this build's \`nimbus up\` has no --s3-port option"
else
  data="$work/data"; mkdir -p "$data"; chmod 755 "$data"
  "${server_cpu[@]}" dotnet "$dll" up --data "$data" --api-port 0 --http-port 0 --https-port 0 --dns-port 0 \
    --s3-port 0 --stop-grace 2s >"$work/up.log" 2>&1 &
  server_pid=$!; started+=("$server_pid")
  deadline=$((SECONDS + 60))
  until [[ -f "$data/endpoints.json" ]]; do
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/up.log" >&2; echo "s3.sh: nimbus up exited" >&2; exit 1; }
    ((SECONDS < deadline)) || { cat "$work/up.log" >&2; echo "s3.sh: no endpoints.json within 60 s" >&2; exit 1; }
    sleep 0.1
  done
  endpoint=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1])).get("s3") or "")' "$data/endpoints.json")
  if [[ -z "$endpoint" ]]; then
    nimbus_skip="\`nimbus up --s3-port 0\` wrote no \"s3\" endpoint to endpoints.json"
  else
    # The credentials and region `up` wrote for the AWS CLI: the same files any S3 client would be given.
    creds=$(python3 -c 'import configparser, os, sys
creds = configparser.ConfigParser(); creds.read(os.path.join(sys.argv[1], "aws-credentials"))
conf = configparser.ConfigParser(); conf.read(os.path.join(sys.argv[1], "aws-config"))
c = creds["nimbus"]
print(c["aws_access_key_id"], c["aws_secret_access_key"], conf.get("profile nimbus", "region", fallback="us-east-1"))' "$data") \
      || { echo "s3.sh: no [nimbus] profile in $data/aws-credentials" >&2; exit 1; }
    read -r access_key secret_key region <<<"$creds"
    wait_s3 "$endpoint"
    measure_server nimbus "$list_keys"
  fi
  stop "$server_pid"
fi
if [[ -n "$nimbus_skip" ]]; then
  echo "s3.sh: Nimbus skipped: $nimbus_skip; only s3rver was measured" >&2
fi

# --- report ---------------------------------------------------------------------------------------
verdict() {     # VALUE GOAL [TEXT-WHEN-NO-VALUE]: met / not met
  awk -v v="$1" -v g="$2" -v na="${3:-n/a (not measured)}" 'BEGIN {if (v == "" || v == "—") print na; else print (v >= g ? "met" : "not met")}'
}
cell() {        # RESULT-KEY → "ops/s | MiB/s | p50 / p99 | CPU server / client"
  if [[ -z "${res[$1|ops]:-}" ]]; then echo "— | — | — | —"; return; fi
  echo "${res[$1|ops]} | ${res[$1|mib]} | ${res[$1|p50]} / ${res[$1|p99]} | $(or_dash "${res[$1|cpu]}")% / ${res[$1|ccpu]}%"
}
or_dash() { [[ -n "$1" ]] && echo "$1" || echo "—"; }
max_of() { printf '%s\n' "$@" | awk 'NF {if (m == "" || $1 > m) m = $1} END {print m}'; }
rows=""; ten_x_total=0; ten_x_met=0; ten_x_missed=()
for size in $sizes; do
  bytes=$(bytes_of "$size")
  for conc in $concurrencies; do
    for op in put get; do
      n="nimbus|$op|$bytes|$conc"; p="s3rver|$op|$bytes|$conc"
      r=$(ratio "${res[$n|mib]:-}" "${res[$p|mib]:-}")
      v=$(verdict "$r" 10 n/a)
      ten_x_total=$((ten_x_total + 1))
      [[ $v == met ]] && ten_x_met=$((ten_x_met + 1))
      [[ $v == "not met" ]] && ten_x_missed+=("${op^^} $(label_of "$bytes") c$conc ($r)")
      errs="$(( ${res[$n|err]:-0} + ${res[$p|err]:-0} ))"
      [[ $r == "—" ]] || r="${r}×"
      rows+="| ${op^^} | $(label_of "$bytes") | $conc | $(cell "$n") | $(cell "$p") | $r | $v | $errs |"$'\n'
    done
  done
done
# Goals from issue 4.
best_put=$(max_of $(for c in $concurrencies; do echo "${res[nimbus|put|1048576|$c|mib]:-}"; done))
best_get=$(max_of $(for c in $concurrencies; do echo "${res[nimbus|get|1048576|$c|mib]:-}"; done))
best_4k=$(max_of $(for c in $concurrencies; do echo "${res[nimbus|put|4096|$c|ops]:-}"; done))
g_put=$(ratio "$best_put" "${disk[write]}"); g_get=$(ratio "$best_get" "${disk[read]}"); g_4k=$(ratio "$best_4k" "${disk[fsync]}")
if [[ -n "$nimbus_skip" ]]; then
  ten_x="n/a (Nimbus not measured)"
elif ((${#ten_x_missed[@]})); then
  ten_x="not met ($ten_x_met of $ten_x_total rows; below 10×: $(IFS=,; echo "${ten_x_missed[*]}" | sed 's/,/, /g'))"
else
  ten_x="met ($ten_x_met of $ten_x_total rows)"
fi
list_note=""
[[ -n "${lst[nimbus|keys]:-}" && "${lst[nimbus|keys]}" -lt 1000000 ]] && \
  list_note=" (measured over ${lst[nimbus|keys]} keys, not the goal's 1,000,000: fill stopped at LIST_KEYS or FILL_SECONDS)"
list_row() {    # SERVER LABEL
  local why="${lst[$1|err]:-not measured}"
  if [[ -z "${lst[$1|list]:-}" ]]; then echo "| $2 | — | — | — | — | — | — | $why |"; return; fi
  echo "| $2 | ${lst[$1|keys]} | ${lst[$1|fill]} (server CPU ${lst[$1|fill_cpu]}%, ${lst[$1|fill_err]} errors) | ${lst[$1|list]} | ${lst[$1|p50]} / ${lst[$1|p99]} | ${lst[$1|cpu]}% / ${lst[$1|ccpu]}% | ${lst[$1|runs]} | ${lst[$1|err]} |"
}
cpu_model=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
machine="$(nproc) cores ($cpu_model), $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr), .NET $(dotnet --version)"
client_name="S3Load's raw client (HttpClient, SigV4 written in S3Load)"
[[ $client == sdk ]] && client_name="the AWS SDK for .NET (AWSSDK.S3 4.0.104.5)"
versions="s3rver $s3rver_version on Node $(node --version), client: $client_name, $(fio --version)"
knobs="CLIENT=$client DURATION=$duration WARMUP=$warmup SERVER_WARMUP=$server_warmup RUNS=$runs SIZES=\"$sizes\" CONCURRENCY=\"$concurrencies\" LIST_KEYS=$list_keys PEER_LIST_KEYS=$peer_list_keys"
pinning="each server on core 1 (\`taskset -c 1\`), S3Load on core 0"; ((pin)) || pinning="no core pinning"
if [[ $client == raw ]]; then
  client_prose="The client is S3Load's raw one, so that the client's cost stays well below the server's: one HttpClient
over one SocketsHttpHandler (a connection per concurrent request, kept for the run), path-style URLs, HTTP/1.1, SigV4
in the Authorization header over host, x-amz-content-sha256 and x-amz-date with a signed payload hash (what the AWS
SDKs send over http), Content-Length, no Expect: 100-continue, no aws-chunked framing, no checksum trailers. The
signing key is derived once a day and the payload hash once per run (every PUT sends the same buffer), so a request
costs the client one SHA-256 of the canonical request and one HMAC; ListObjectsV2 answers are scanned for KeyCount,
IsTruncated and NextContinuationToken without building a DOM. Measured on this machine, that is ~0.07–0.13 ms of
client CPU per 4 KiB request, against ~0.6–3 ms for the AWS SDK for .NET (\`CLIENT=sdk\`), which held every
small-object row near the client's own limit."
else
  client_prose="The client is the AWS SDK for .NET (\`CLIENT=sdk\`): path-style, SigV4 with a signed payload hash
(the SDK's default over http, hashing each PUT body with SHA-256 on the client's core) without aws-chunked framing or
CRC trailers, which s3rver cannot read; \`RequestChecksumCalculation=WHEN_REQUIRED\`, no retries. GET drains the
SDK's underlying HTTP stream, skipping its MD5 of the body (~10 ms of client CPU per MiB). The SDK costs ~0.6–3 ms of
client CPU per request: small-object rows here measure the client as much as the server."
fi
nimbus_line=""
[[ -n "$nimbus_skip" ]] && nimbus_line="**Nimbus was not measured in this run: $nimbus_skip.** Its columns and the goals wait for a run where \`nimbus up\` serves S3."

section=$(cat <<MD
## Object storage

One run on $(date -u +%Y-%m-%d) ($machine; $versions). Command: \`bench/s3.sh\` ($knobs).
Load average (1 min) when the runs started: $load_start. Data directories and fio on $fs_line.
$nimbus_line

### Disk

fio on the data directories' filesystem, $fio_mode for the sequential jobs.

| fio job | result |
|---|---|
| sequential write, 1 MiB blocks, $fio_size | ${disk[write]} MiB/s |
| sequential read, 1 MiB blocks, $fio_size | ${disk[read]} MiB/s |
| 4 KiB writes, fsync after each (\`--fsync=1\`, psync, iodepth 1, ${fio_seconds} s) | ${disk[fsync]} writes/s |

### PUT and GET

\`S3Load put|get --client $client --size S --concurrency C --duration $duration --warmup $warmup\`, runs per row: $runs,
medians; $pinning. $client_prose
PUT overwrites a bounded set of keys (at most 1 GiB per run). GET reads a set of at most 1 GiB uploaded before it is
measured, so it is mostly served from the page cache; it drains the body into a reused buffer and checks the length.
Objects of 16 MiB and more get no warm-up. Each server first gets $server_warmup s of 4 KiB PUTs and $server_warmup s of 4 KiB GETs
(concurrency 16, unmeasured), so that no row pays for a cold runtime. CPU is the server process's and S3Load's, in % of one core, over the
measured phase: a server well below 100% was held back by the disk or by the client (near 100% of its own core).
Ratio = Nimbus/s3rver MiB/s.

| op | size | conc. | Nimbus ops/s | Nimbus MiB/s | Nimbus p50 / p99 ms | Nimbus CPU server / client | s3rver ops/s | s3rver MiB/s | s3rver p50 / p99 ms | s3rver CPU server / client | ratio | ≥ 10× | errors |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
${rows%$'\n'}

### Listing

A bucket filled with 0-byte objects (\`S3Load fill\`, $fill_conc concurrent PUTs, keys \`000000000\`…), then
\`S3Load list\`: ListObjectsV2 pages of 1000, one request at a time from the first page to the last, passes: $runs, medians.
s3rver's bucket holds fewer keys (PEER_LIST_KEYS=$peer_list_keys): for every page it walks the whole bucket directory
and reads each listed key's metadata file, so a full listing takes time quadratic in the keys.

| server | keys | fill, PUTs/s | list, keys/s | page p50 / p99 ms | CPU server / client | keys/s of each pass | errors |
|---|---|---|---|---|---|---|---|
$(list_row nimbus Nimbus)
$(list_row s3rver "s3rver (smaller bucket)")

### Goals (issue 4)

- 1 MiB PUT ≥ 0.5× the disk's sequential write: best of the concurrencies $(or_dash "$best_put") MiB/s vs ${disk[write]} MiB/s = ${g_put}× — $(verdict "$g_put" 0.5).
- 1 MiB GET ≥ 0.5× the disk's sequential read: best of the concurrencies $(or_dash "$best_get") MiB/s vs ${disk[read]} MiB/s = ${g_get}× — $(verdict "$g_get" 0.5).
- Durable 4 KiB PUT ≥ 1× the disk's fsync'd 4 KiB writes (group commit): best of the concurrencies $(or_dash "$best_4k") PUTs/s vs ${disk[fsync]}/s = ${g_4k}× — $(verdict "$g_4k" 1).
- ≥ 10× s3rver on every row: $ten_x.
- Listing ≥ 50,000 keys/s: $(or_dash "${lst[nimbus|list]:-}") keys/s$list_note — $(verdict "${lst[nimbus|list]:-}" 50000).
MD
)

write_section "Object storage" "$section"
