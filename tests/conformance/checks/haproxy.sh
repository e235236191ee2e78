# shellcheck shell=bash
# shellcheck disable=SC2034 # minify_args is read by tests/conformance/run
minify_args=(--probe 'GET /health')
check() {
  serve "$1" 8080 && http_ready || return
  expect "GET /health" "$(http /health)" "healthy" &&
    expect "GET / (through the backend)" "$(http /)" "served by the backend through haproxy"
}
