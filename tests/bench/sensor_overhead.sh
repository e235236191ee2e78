#!/usr/bin/env bash
# The sensor's tracing overhead: syscall-heavy workloads run natively, then under build/sensor in
# `files` mode (path syscalls handed over only) and in `full` mode (every syscall), with the
# syscalls handed over as seccomp user notifications (the default) and as ptrace stops (the
# fallback). Prints the median wall time of each and the ratios to native (targets: files <=
# 1.15x, full <= 2x), and what one hand-over costs on this machine. Usage:
# tests/bench/sensor_overhead.sh [RUNS] (default 5); MINIFY_BUILD_DIR picks the build (default
# build).
set -euo pipefail
cd "$(dirname "$0")/../.."
sensor=${MINIFY_BUILD_DIR:-build}/sensor
runs=${1:-5}
python=/usr/bin/python3
[ -x "$sensor" ] || { echo "no $sensor: build the 'sensor' target first" >&2; exit 1; }
[ -x "$python" ] || { echo "no $python" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Walks /usr/lib/python3* and /usr/share/doc and reads every file: opens, stats and reads.
walk='import os, sys
n = 0
for top in sys.argv[1:]:
    for root, dirs, files in os.walk(top):
        for f in files:
            p = os.path.join(root, f)
            try:
                if os.path.isfile(p) and not os.path.islink(p):
                    with open(p, "rb") as fh:
                        fh.read()
                    n += 1
            except OSError:
                pass
print(n, "files", file=sys.stderr)'
stdlib=$(ls -d /usr/lib/python3.* | head -1)
# Imports most of the standard library (the interpreter probes many paths per module). Only the
# standard library: what else is installed varies from machine to machine.
imports='import sys, importlib, pkgutil, sysconfig
stdlib = sysconfig.get_paths()["stdlib"]
n = 0
for m in pkgutil.iter_modules([stdlib, stdlib + "/lib-dynload"]):
    if m.name.startswith(("_", "idlelib", "test", "tkinter", "turtle", "antigravity", "this")):
        continue
    try:
        importlib.import_module(m.name)
        n += 1
    except Exception:
        pass
print(n, "modules", file=sys.stderr)'

now_ns() { date +%s%N; }
# median_ms CMD...: the median wall time of $runs runs, in ms (one warm-up run first).
median_ms() {
  "$@" >/dev/null 2>&1 || true
  local times=()
  for _ in $(seq "$runs"); do
    local t0 t1
    t0=$(now_ns)
    "$@" >/dev/null 2>&1 || true
    t1=$(now_ns)
    times+=($(( (t1 - t0) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

under() {  # under MODE INTERCEPTION CMD...
  local mode=$1 how=$2
  shift 2
  "$sensor" --no-fanotify --intercept "$how" --record "$work/r.json" --mode "$mode" -- "$@"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", b / a }'; }

bench() {
  local name=$1
  shift
  local native files full pfiles pfull
  native=$(median_ms "$@")
  files=$(median_ms under files notify "$@")
  full=$(median_ms under full notify "$@")
  pfiles=$(median_ms under files ptrace "$@")
  pfull=$(median_ms under full ptrace "$@")
  under full notify "$@" >/dev/null 2>&1 || true
  local calls
  calls=$(python3 -c 'import json, sys; print(sum(s["count"] for s in json.load(open(sys.argv[1]))["syscalls"]))' "$work/r.json")
  printf '%-24s native %5d ms | notify: files %5d ms %s, full %5d ms %s | ptrace: files %s, full %s\n' \
    "$name" "$native" "$files" "$(ratio "$native" "$files")" "$full" "$(ratio "$native" "$full")" \
    "$(ratio "$native" "$pfiles")" "$(ratio "$native" "$pfull")"
  # Full mode hands every syscall over: its extra time per syscall is what one hand-over costs.
  awk -v n="$native" -v a="$full" -v b="$pfull" -v c="$calls" 'BEGIN {
    printf "%-24s %d syscalls; one hand-over costs %.1f us (notify), %.1f us (ptrace)\n", "", c,
      (a - n) * 1000 / c, (b - n) * 1000 / c }'
}

echo "sensor overhead, median of $runs runs ($(nproc) cores, $(uname -r))"
bench "walk+read files" "$python" -c "$walk" "$stdlib" /usr/share/doc
bench "import stdlib modules" "$python" -c "$imports"
bench "shell: find | xargs cat" sh -c "find $stdlib -name '*.py' | xargs cat > /dev/null"
bench "shell: 300 processes" sh -c 'for i in $(seq 300); do /bin/true; done'
"$sensor" --no-fanotify --record "$work/r.json" --mode files -- "$python" -c "$walk" "$stdlib" /usr/share/doc 2>/dev/null
echo "record of the walk: $(wc -c < "$work/r.json") bytes, $(grep -o '"path"' "$work/r.json" | wc -l) paths"
