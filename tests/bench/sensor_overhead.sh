#!/usr/bin/env bash
# The sensor's tracing overhead: syscall-heavy workloads run natively, then under build/sensor in
# `files` mode (stops on path syscalls only) and in `full` mode (stops on every syscall).
# Prints the median wall time of each and the ratios to native (targets: files <= 1.15x,
# full <= 2x). Usage: tests/bench/sensor_overhead.sh [RUNS] (default 5); MINIFY_BUILD_DIR picks
# the build (default build).
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
# Imports most of the standard library (the interpreter probes many paths per module).
imports='import sys, importlib, pkgutil
n = 0
for m in pkgutil.iter_modules():
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

bench() {
  local name=$1
  shift
  local native files full
  native=$(median_ms "$@")
  files=$(median_ms "$sensor" --no-fanotify --record "$work/r.json" --mode files -- "$@")
  full=$(median_ms "$sensor" --no-fanotify --record "$work/r.json" --mode full -- "$@")
  awk -v n="$name" -v a="$native" -v b="$files" -v c="$full" 'BEGIN {
    printf "%-28s native %6d ms   files %6d ms (%.2fx)   full %6d ms (%.2fx)\n", n, a, b, b / a, c, c / a }'
}

echo "sensor overhead, median of $runs runs ($(nproc) cores)"
bench "walk+read files" "$python" -c "$walk" "$stdlib" /usr/share/doc
bench "import stdlib modules" "$python" -c "$imports"
bench "shell: find | xargs cat" sh -c "find $stdlib -name '*.py' | xargs cat > /dev/null"
"$sensor" --no-fanotify --record "$work/r.json" --mode files -- "$python" -c "$walk" "$stdlib" /usr/share/doc 2>/dev/null
echo "record of the walk: $(wc -c < "$work/r.json") bytes, $(grep -o '"path"' "$work/r.json" | wc -l) paths"
