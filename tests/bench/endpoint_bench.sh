#!/usr/bin/env bash
# `minify version` and `minify build FIXTURE` through the default socket and through each ENDPOINT
# given (passed as -H: an ssh:// address your ssh reaches without a prompt, or a tcp:// one with
# DOCKER_TLS_VERIFY/DOCKER_CERT_PATH set as for docker): the median wall time of RUNS runs each,
# and the ratio to the socket. Prints a table; asserts nothing.
# Usage: tests/bench/endpoint_bench.sh ENDPOINT... (env: FIXTURE=static, RUNS=3,
# MINIFY_BUILD_DIR=build). The slim images it makes are removed.
set -euo pipefail
cd "$(dirname "$0")/../.."
minify=${MINIFY_BUILD_DIR:-build}/minify
fixture=minify-fixture/${FIXTURE:-static}
runs=${RUNS:-3}
[ -x "$minify" ] || { echo "no $minify: run scripts/build first" >&2; exit 1; }
[ $# -gt 0 ] || { echo "usage: $0 ENDPOINT... (e.g. ssh://root@127.0.0.1:2222)" >&2; exit 2; }
tag="minify-bench-$$-endpoint:t"
trap 'docker image rm "$tag" >/dev/null 2>&1 || true' EXIT

# The median of `runs` wall times of "$@", in seconds.
median() {
  local times=()
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; return 1; }
    end=$(date +%s.%N)
    times+=("$(awk "BEGIN { print $end - $start }")")
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p"
}

printf '%-40s %10s %10s %8s\n' endpoint version build ratio
base_version=$(median "$minify" version -H unix:///var/run/docker.sock)
base_build=$(median "$minify" build "$fixture" --tag "$tag" -H unix:///var/run/docker.sock)
printf '%-40s %9.2fs %9.2fs %8s\n' "unix:///var/run/docker.sock" "$base_version" "$base_build" 1.0
for endpoint in "$@"; do
  v=$(median "$minify" version -H "$endpoint")
  b=$(median "$minify" build "$fixture" --tag "$tag" -H "$endpoint")
  printf '%-40s %9.2fs %9.2fs %8.1f\n' "$endpoint" "$v" "$b" "$(awk "BEGIN { print $b / $base_build }")"
done
