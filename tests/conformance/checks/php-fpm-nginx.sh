# shellcheck shell=bash
# shellcheck disable=SC2034 # minify_args is read by tests/conformance/run
minify_args=(--probe 'GET /index.php')
check() {
  serve "$1" 8080 && http_ready || return
  local body
  body=$(http /index.php) || cf_fail "GET /index.php" || return
  expect "GET /index.php" "$body" "fpm sqlite sum=6
sapi: fpm-fcgi"
}
