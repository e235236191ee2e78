# shellcheck shell=bash
# shellcheck disable=SC2034 # minify_args is read by tests/conformance/run
minify_args=(--probe 'GET /hello/minify')
check() {
  serve "$1" 4567 && http_ready || return
  expect "GET /" "$(http /)" "sinatra ok" &&
    expect "GET /hello/minify" "$(http /hello/minify)" \
      "{\"hello\":\"minify\",\"md5\":\"$(printf minify | md5sum | cut -c1-32)\"}"
}
