#!/usr/bin/env bash
# `minify build` per fixture: original size, slim size, ratio, wall time of each phase (from the
# report), total wall time and peak RSS of minify (GNU time). Prints a table; asserts nothing.
# Usage: tests/bench/build_bench.sh [FIXTURE...] (default: every fixture build's tests use);
# MINIFY_BUILD_DIR picks the build (default build). The slim images it makes are removed.
set -euo pipefail
cd "$(dirname "$0")/../.."
build_dir=${MINIFY_BUILD_DIR:-build}
minify=$build_dir/minify
[ -x "$minify" ] || { echo "no $minify: run scripts/build first" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "needs GNU time (apt-get install time)" >&2; exit 1; }
fixtures=("$@")
[ ${#fixtures[@]} -gt 0 ] ||
  fixtures=(python-web c-app shell-job nginx nonroot workdir entrypoint-script dlopen static)
work=$(mktemp -d)
tags=()
cleanup() {
  for t in "${tags[@]}"; do docker image rm "$t" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT

printf '%-18s %10s %10s %7s %8s %8s %6s %6s %7s %7s %8s\n' \
  fixture original slim ratio analysis pack image verify other total rss
for f in "${fixtures[@]}"; do
  tag="minify-bench-$$-$f:t"
  tags+=("$tag")
  if ! /usr/bin/time -f '%e %M' -o "$work/time" \
      "$minify" build "minify-fixture/$f" --tag "$tag" --json --report-html "$work/report.html" >"$work/report.json" 2>"$work/err"; then
    echo "$f: minify build failed:" >&2
    tail -5 "$work/err" >&2
    continue
  fi
  read -r wall rss_kb <"$work/time"
  python3 - "$f" "$wall" "$rss_kb" "$work/report.json" <<'PY'
import json, sys
name, wall, rss_kb, path = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
r = json.load(open(path))
p = r["phases_seconds"]
mb = lambda b: f"{b / 1e6:.1f}MB"
other = wall - sum(p.values())
print(f"{name:<18} {mb(r['original']['size']):>10} {mb(r['slim']['size']):>10} "
      f"{r['ratio']:>7.3f} {p.get('analysis', 0):>7.1f}s {p.get('pack', 0):>7.1f}s "
      f"{p.get('image', 0):>5.1f}s {p.get('verify', 0):>5.1f}s {other + p.get('inspect', 0):>6.1f}s "
      f"{wall:>6.1f}s {rss_kb / 1024:>6.1f}MB")
PY
done
