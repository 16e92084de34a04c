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
