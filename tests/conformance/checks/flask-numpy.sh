# shellcheck shell=bash
# shellcheck disable=SC2034 # minify_args is read by tests/conformance/run
minify_args=(--probe 'GET /stats')
check() {
  serve "$1" 8000 && http_ready || return
  expect "GET /" "$(http /)" "flask ok" &&
    expect "GET /stats (numpy imported on this request)" "$(http /stats)" \
      '{"det":5.0,"mean":5.5,"std":2.872281}'
}
