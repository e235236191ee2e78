# shellcheck shell=bash
# shellcheck disable=SC2034 # minify_args is read by tests/conformance/run
minify_args=(--probe 'GET /index.php')
check() {
  serve "$1" 80 && http_ready || return
  local body
  body=$(http /index.php) || cf_fail "GET /index.php" || return
  expect "GET /index.php" "$body" "php 8
upper: GRÜSSE AUS KÖLN
json: {\"a\":1,\"b\":[2,3]}
sapi: apache2handler"
}
