#!/usr/bin/env bash
# Benchmark of `minify diff` on the biggest local images against their slim images: for each
# image (default minify-conformance/postgres and minify-conformance/tomcat-war, or those given as
# arguments), the wall time, CPU time and peak RSS of `minify diff FAT SLIM` (FAT from the
# engine, SLIM a docker-archive written by `minify build --output`), against `minify xray` of each
# (what reading each image once costs: xray hashes nothing, diff hashes SLIM's files and FAT's of
# a size SLIM has). Best of $RUNS runs (default 3). The slim images are built first (with the
# conformance probes, verify off) into a temporary directory, removed at the end; nothing is left
# on the engine. Needs the engine, the conformance images (tests/conformance/run builds them) and
# a built minify.
set -euo pipefail
cd "$(dirname "$0")/../.."
minify=${MINIFY:-${MINIFY_BUILD_DIR:-build}/minify}
runs=${RUNS:-3}
[ -x "$minify" ] || { echo "diff_bench: no $minify (scripts/build, or MINIFY=path)" >&2; exit 1; }
images=("$@")
[ ${#images[@]} -gt 0 ] || images=(minify-conformance/postgres minify-conformance/tomcat-war)

tmp=$(mktemp -d /tmp/minify-diff-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# best_of CMD...: runs it $runs times; prints "<best wall seconds> <peak RSS kB> <CPU seconds,
# user + system>" of the fastest run. CPU time is what minify itself spends (the engine's export
# runs in dockerd): on a shared machine it says more than the wall time.
best_of() {
  local best="" rss="" cpu="" i wall kb user sys
  for ((i = 0; i < runs; i++)); do
    /usr/bin/time -f '%e %M %U %S' -o "$tmp/time" "$@" >/dev/null 2>"$tmp/stderr" ||
      { cat "$tmp/stderr" >&2; exit 1; }
    read -r wall kb user sys <"$tmp/time"
    if [ -z "$best" ] || awk -v a="$wall" -v b="$best" 'BEGIN { exit !(a < b) }'; then
      best=$wall rss=$kb cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
    fi
  done
  echo "$best $rss $cpu"
}

for image in "${images[@]}"; do
  docker image inspect "$image" >/dev/null 2>&1 ||
    { echo "diff_bench: no image $image (tests/conformance/run builds them)" >&2; exit 1; }
  app=${image##*/}
  app=${app%%:*}
  slim="$tmp/$app.slim.tar"
  minify_args=()
  if [ -f "tests/conformance/checks/$app.sh" ]; then
    # shellcheck source=/dev/null
    CHECKS=$PWD/tests/conformance/checks source "tests/conformance/checks/$app.sh"
  fi
  "$minify" build "$image" --output "docker-archive:$slim" --verify=false "${minify_args[@]}" \
    >"$tmp/build.log" 2>&1 || { cat "$tmp/build.log" >&2; exit 1; }
  fat_mb=$(( $(docker image inspect -f '{{.Size}}' "$image") / 1000000 ))
  slim_mb=$(( $(stat -c %s "$slim") / 1000000 ))
  read -r xray_a_s xray_a_kb xray_a_cpu < <(best_of "$minify" xray --json "$image")
  read -r xray_b_s xray_b_kb xray_b_cpu < <(best_of "$minify" xray --json "$slim")
  read -r diff_s diff_kb diff_cpu < <(best_of "$minify" diff --json "$image" "$slim")
  reading=$(awk -v a="$xray_a_s" -v b="$xray_b_s" 'BEGIN { print a + b }')
  reading_cpu=$(awk -v a="$xray_a_cpu" -v b="$xray_b_cpu" 'BEGIN { print a + b }')
  echo "$image ($fat_mb MB) vs its slim image ($slim_mb MB), best of $runs runs"
  printf '  minify xray FAT (engine):     %6.2f s  cpu %5.2f s  peak RSS %4d MB\n' \
    "$xray_a_s" "$xray_a_cpu" $((xray_a_kb / 1024))
  printf '  minify xray SLIM (archive):   %6.2f s  cpu %5.2f s  peak RSS %4d MB\n' \
    "$xray_b_s" "$xray_b_cpu" $((xray_b_kb / 1024))
  printf '  minify diff FAT SLIM:         %6.2f s  cpu %5.2f s  peak RSS %4d MB\n' \
    "$diff_s" "$diff_cpu" $((diff_kb / 1024))
  printf '  diff / reading both once:     %6.2f x wall, %.2f x cpu\n' \
    "$(awk -v a="$diff_s" -v b="$reading" 'BEGIN { print a / b }')" \
    "$(awk -v a="$diff_cpu" -v b="$reading_cpu" 'BEGIN { print (b > 0 ? a / b : 0) }')"
done
