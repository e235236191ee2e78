#!/usr/bin/env bash
# Benchmark of `minify lint` on the Dockerfile shapes that once made it super-linear (issue 13),
# each generated at a few sizes: seconds and seconds per MB for each. Linear time shows as a flat
# s/MB column down the sizes of one shape. Asserts nothing; needs a built minify.
#   chain    FROM s(n-1) AS s(n), ENV, RUN pip install: every stage inherits the one before
#   env-run  one stage of ENV and RUN pip install lines, alternating
#   heredoc  one RUN with n heredoc markers on its line, then their n bodies
#
# Usage: tests/bench/lint_bench.sh [MB...]   (default 0.5 1 2 4)   env: MINIFY=path/to/minify
set -euo pipefail
cd "$(dirname "$0")/../.."
minify=${MINIFY:-${MINIFY_BUILD_DIR:-build}/minify}
[ -x "$minify" ] || { echo "lint_bench: no $minify (scripts/build, or MINIFY=path)" >&2; exit 1; }
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(0.5 1 2 4)

tmp=$(mktemp -d /tmp/minify-lint-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# generate SHAPE MB: writes a Dockerfile of that shape, about MB megabytes, to stdout.
generate() {
  awk -v shape="$1" -v target="$(awk -v mb="$2" 'BEGIN { printf "%d", mb * 1000000 }')" 'BEGIN {
    if (shape == "chain") {
      line = "FROM debian:12 AS s0\n"; bytes = length(line); printf "%s", line
      for (i = 1; bytes < target; i++) {
        line = sprintf("FROM s%d AS s%d\nENV V%d=value%d\nRUN pip install pkg%d\n", i - 1, i, i, i, i)
        bytes += length(line); printf "%s", line
      }
    } else if (shape == "env-run") {
      line = "FROM debian:12\n"; bytes = length(line); printf "%s", line
      for (i = 0; bytes < target; i++) {
        line = sprintf("ENV V%d=value%d\nRUN pip install pkg%d\n", i, i, i)
        bytes += length(line); printf "%s", line
      }
    } else if (shape == "heredoc") {
      # Each marker costs about 5 bytes on the RUN line and 13 in its body.
      n = int(target / 18); printf "FROM debian:12\nRUN"
      for (i = 0; i < n; i++) printf " <<E%d", i
      printf "\n"
      for (i = 0; i < n; i++) printf "echo %d\nE%d\n", i, i
    }
  }'
}

printf '%-8s %8s %10s %10s %8s\n' shape MB lines seconds s/MB
for shape in chain env-run heredoc; do
  for mb in "${sizes[@]}"; do
    file=$tmp/$shape.Dockerfile
    generate "$shape" "$mb" >"$file"
    bytes=$(stat -c %s "$file")
    lines=$(wc -l <"$file")
    start=$(date +%s.%N)
    status=0
    "$minify" lint "$file" >/dev/null 2>"$tmp/stderr" || status=$?
    end=$(date +%s.%N)
    # 0: no finding at the --fail-on level; 3: findings at it. Anything else is a failure.
    if [ "$status" -ne 0 ] && [ "$status" -ne 3 ]; then
      cat "$tmp/stderr" >&2
      exit 1
    fi
    awk -v s="$shape" -v b="$bytes" -v l="$lines" -v t0="$start" -v t1="$end" 'BEGIN {
      mb = b / 1e6; t = t1 - t0; printf "%-8s %8.2f %10d %10.2f %8.2f\n", s, mb, l, t, t / mb }'
  done
done
