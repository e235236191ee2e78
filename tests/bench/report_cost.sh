#!/usr/bin/env bash
# What the report's reasons, dropped list and treemap add to a build, step by step, on real
# images: builds each with minify (its report), exports the original's filesystem to a temporary
# directory, and runs bench_report_cost on both. Removes its slim images, containers and files.
# Usage: tests/bench/report_cost.sh [IMAGE [MINIFY_FLAGS...]]   (default: python-web, then
# tomcat-war with its conformance probe); MINIFY_BUILD_DIR picks the build (default build).
set -euo pipefail
cd "$(dirname "$0")/../.."
build_dir=${MINIFY_BUILD_DIR:-build}
cmake --build "$build_dir" --target bench_report_cost minify sensor -j2 >/dev/null
work=$(mktemp -d "${TMPDIR:-/tmp}/minify-report-cost-XXXXXX")
tag="minify-bench-report-cost-$$:t"
container=""
cleanup() {
  if [ -n "$container" ]; then docker rm -f "$container" >/dev/null 2>&1 || true; fi
  docker rmi "$tag" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

measure() {
  local image=$1
  shift
  echo "== $image"
  local start end
  start=$(date +%s%N)
  "$build_dir/minify" build "$image" --tag "$tag" --report "$work/report.json" "$@" \
    >"$work/summary.txt" 2>"$work/build.log" || { tail -n3 "$work/build.log"; return 1; }
  end=$(date +%s%N)
  grep '  time' "$work/summary.txt" || true
  echo "  build wall time $(((end - start) / 1000000)) ms"
  container=$(docker create --name "minify-bench-report-cost-$$" "$image" true)
  mkdir -p "$work/root"
  docker export "$container" | tar -x -C "$work/root" 2>/dev/null || true
  docker rm -f "$container" >/dev/null
  container=""
  "$build_dir/bench/bench_report_cost" "$work/root" "$work/report.json" 5
  rm -rf "$work/root" "$work/report.json"
  docker rmi "$tag" >/dev/null 2>&1 || true
}

if [ $# -gt 0 ]; then
  measure "$@"
else
  measure minify-fixture/python-web
  measure minify-conformance/tomcat-war --probe 'GET /hello/'
fi
