# shellcheck shell=bash
# shellcheck disable=SC2034 # minify_args is read by tests/conformance/run
minify_args=(--probe 'GET /hello/')
check() {
  serve "$1" 8080 && http_ready 180 || return
  local body
  body=$(http /hello/) || cf_fail "GET /hello/" || return
  expect "GET /hello/ (a JSP compiled on this request)" "$body" "jsp squares=[1, 4, 9, 16, 25]
sha256=$(printf conformance | sha256sum | cut -c1-64)"
}
