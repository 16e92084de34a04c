# Shared by the bench/ scripts (sourced). Expects the caller to keep the pids it started in the array `started` and
# the bound on waiting for a quiet machine, in seconds, in `load_wait`.

median() { sort -g | awk 'NF {a[++n]=$1} END {if (n) print (n%2 ? a[(n+1)/2] : (a[n/2]+a[n/2+1])/2)}'; }
stop() {        # PID: TERM, at most 20 s to exit, then KILL; then it is no longer ours to clean up
  local deadline=$((SECONDS + 20)) p keep=()
  kill -TERM "$1" 2>/dev/null || true
  while kill -0 "$1" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
  kill -KILL "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true
  for p in "${started[@]}"; do [[ $p == "$1" ]] || keep+=("$p"); done
  started=("${keep[@]}")
}
stop_started() { # every pid in `started`: TERM, up to 15 s for them to exit (`up` stops what it runs first), then KILL
  local p alive
  for p in "${started[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for _ in $(seq 1 150); do
    alive=0
    for p in "${started[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    ((alive)) || break; sleep 0.1
  done
  for p in "${started[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
}
wait_quiet() {  # other builds and tests share this machine: wait (bounded) for load < 0.8
  local deadline=$((SECONDS + load_wait)) load
  while load=$(cut -d' ' -f1 /proc/loadavg); awk -v l="$load" 'BEGIN {exit !(l >= 0.8)}' && ((SECONDS < deadline)); do
    echo "waiting for a quiet machine (load $load)…" >&2; sleep 10
  done
  cut -d' ' -f1 /proc/loadavg
}
write_section() {  # NAME TEXT: replaces (or appends) the section "## NAME" of docs/BENCHMARKS.md ($out) with TEXT
  [[ -f "$out" ]] || printf '# Benchmarks\n\nEach section is written by its script in `bench/`.\n' >"$out"
  python3 - "$out" "$1" "$2" <<'PY'
import re, sys
path, name, section = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(path).read()
pattern = re.compile(r"^## " + re.escape(name) + r"\n.*?(?=^## |\Z)", re.S | re.M)
text = pattern.sub(lambda _: section + "\n\n", text) if pattern.search(text) else text.rstrip() + "\n\n" + section + "\n"
open(path, "w").write(text)
PY
  echo "$2"
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (a == "" || b == "" || b == 0) print "—"; else printf "%.2f", a / b}'; }
backend_template() {  # FILE: nginx, 1 worker, a 13-byte body (@DIR@ and @PORT@ to fill in): served directly and as a Nimbus app
  cat >"$1" <<'CONF'
worker_processes 1;
daemon off;
pid @DIR@/nginx.pid;
error_log @DIR@/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  keepalive_timeout 75s;
  client_body_temp_path @DIR@/body; proxy_temp_path @DIR@/proxy; fastcgi_temp_path @DIR@/fastcgi;
  uwsgi_temp_path @DIR@/uwsgi; scgi_temp_path @DIR@/scgi;
  default_type text/plain;
  server {
    listen 127.0.0.1:@PORT@;
    location / { return 200 "Hello, edge!\n"; }
  }
}
CONF
}
nginx_app() {   # DIR NAME CPU → a folder to deploy: nginx from backend_template on $PORT, files under $HOME
  local d="$1/$2" bin; bin=$(PATH="$PATH:/usr/sbin" command -v nginx); mkdir -p "$d"
  backend_template "$d/nginx.conf.in"
  printf 'name: %s\nrun: sh start.sh\ninstances: 1\ncpu: %s\nmemory: 64Mi\nhealth:\n  start_grace: 20s\n' "$2" "$3" >"$d/nimbus.yaml"
  cat >"$d/start.sh" <<SH
d="\$HOME/nginx-\$PORT"; mkdir -p "\$d"
sed -e "s|@DIR@|\$d|g" -e "s|@PORT@|\$PORT|g" nginx.conf.in >"\$d/nginx.conf"
exec $bin -e "\$d/error.log" -p "\$d" -c "\$d/nginx.conf"
SH
  echo "$d"
}
wrk_once() {    # URL [Host] [SECONDS] → "rps p50_ms p99_ms errors" (wrk on core 0, $conns connections, $duration s)
  taskset -c 0 wrk -t1 -c"$conns" -d"${3:-$duration}s" --latency ${2:+-H "Host: $2"} "$1" | awk '
    function ms(v) { if (v ~ /us$/) { sub(/us$/, "", v); return v / 1000 }
                     if (v ~ /ms$/) { sub(/ms$/, "", v); return v + 0 }
                     if (v ~ /s$/)  { sub(/s$/, "", v);  return v * 1000 }
                     if (v ~ /m$/)  { sub(/m$/, "", v);  return v * 60000 } return v }
    $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
    /^Requests\/sec:/ { rps = $2 }
    /Non-2xx or 3xx responses:/ { err += $NF }
    /Socket errors:/ { gsub(",", ""); err += $4 + $6 + $8 + $10 }
    END { printf "%.0f %.3f %.3f %d\n", rps, p50, p99, err }'
}
bare_start() {   # ms until hello-python started by hand (no packing, scheduling or supervision) answers: the floor
  local port t0 p
  port=$(free_port); t0=$(now_ms)
  (cd examples/hello-python && PORT=$port exec python3 server.py >/dev/null 2>&1) &
  p=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/healthz"; do sleep 0.01; done
  echo $(( $(now_ms) - t0 ))
  kill "$p"; wait "$p" 2>/dev/null || true
}
