#!/usr/bin/env bash
# Benchmark of `minify xray` on the largest fixture image (or the image given as $1): wall time of
# xray from the engine against a plain `docker save IMAGE > /dev/null` (the export alone, the floor
# for reading every layer), as a ratio; xray of a saved tar (reading alone); and peak RSS of each.
# Best of $RUNS runs (default 3). Needs the engine, the fixtures and a built minify.
set -euo pipefail
cd "$(dirname "$0")/../.."
minify=${MINIFY:-${MINIFY_BUILD_DIR:-build}/minify}
runs=${RUNS:-3}
[ -x "$minify" ] || { echo "xray_bench: no $minify (scripts/build, or MINIFY=path)" >&2; exit 1; }

image=${1:-$(docker image ls --filter label=minify.fixture=1 --format '{{.Size}} {{.Repository}}:{{.Tag}}' |
             awk '{ s=$1; m=1; if (s ~ /GB$/) m=1e9; else if (s ~ /MB$/) m=1e6; else if (s ~ /kB$/) m=1e3;
                    sub(/[a-zA-Z]+$/, "", s); print s*m, $2 }' | sort -rn | head -1 | cut -d' ' -f2)}
[ -n "$image" ] || { echo "xray_bench: no fixture image (scripts/build-fixtures)" >&2; exit 1; }

tmp=$(mktemp -d /tmp/minify-xray-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# best_of CMD...: runs it $runs times; prints "<best wall seconds> <peak RSS kB of that run>".
best_of() {
  local best="" rss="" i wall kb
  for ((i = 0; i < runs; i++)); do
    /usr/bin/time -f '%e %M' -o "$tmp/time" "$@" >/dev/null 2>"$tmp/stderr" ||
      { cat "$tmp/stderr" >&2; exit 1; }
    read -r wall kb <"$tmp/time"
    if [ -z "$best" ] || awk -v a="$wall" -v b="$best" 'BEGIN { exit !(a < b) }'; then
      best=$wall rss=$kb
    fi
  done
  echo "$best $rss"
}

docker save "$image" -o "$tmp/image.tar"
size=$(stat -c %s "$tmp/image.tar")
read -r save_s save_kb < <(best_of sh -c "docker save '$image' > /dev/null")
read -r xray_s xray_kb < <(best_of "$minify" xray --json "$image")
read -r file_s file_kb < <(best_of "$minify" xray --json "$tmp/image.tar")

echo "image: $image ($((size / 1000000)) MB exported, best of $runs runs)"
printf 'docker save > /dev/null:   %6.2f s\n' "$save_s"
printf 'minify xray (engine):      %6.2f s   ratio %.2f x docker save   peak RSS %d MB\n' \
  "$xray_s" "$(awk -v a="$xray_s" -v b="$save_s" 'BEGIN { print a / b }')" $((xray_kb / 1024))
printf 'minify xray (saved tar):   %6.2f s   (%.0f MB/s)                 peak RSS %d MB\n' \
  "$file_s" "$(awk -v s="$size" -v t="$file_s" 'BEGIN { print (t > 0 ? s / t / 1e6 : 0) }')" \
  $((file_kb / 1024))
