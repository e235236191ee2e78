#!/usr/bin/env bash
# Export through minify's engine client vs `docker save > /dev/null`: wall-time ratio and the
# client's peak RSS for images of several sizes (flat RSS = streamed export). Makes and removes
# its own FROM-scratch images of random files. Usage: tests/bench/engine_export.sh [SIZE_MB...]
# (default 100 400); MINIFY_BUILD_DIR picks the build (default build).
set -euo pipefail
cd "$(dirname "$0")/../.."
build_dir=${MINIFY_BUILD_DIR:-build}
cmake --build "$build_dir" --target bench_engine_export -j2 >/dev/null
exec "$build_dir/bench/bench_engine_export" "$@"
