# shellcheck shell=bash
# shellcheck disable=SC2034 # minify_args is read by tests/conformance/run
# A batch job: minify runs it to its exit and compares its stdout.
minify_args=()
check() {
  local out
  out=$(job "$1") || cf_fail "the job failed" || return
  expect_match "job output" "$out" \
    $'^label.png PNG 240x60\nlabel.jpg JPEG 240x60\nlabel.webp WEBP 240x60\nfont: DejaVu Sans\nink pixels: [1-9][0-9]+$'
}
