# shellcheck shell=bash
# shellcheck disable=SC2034 # minify_args is read by tests/conformance/run
minify_args=(--probe 'GET /fetch')
check() {
  serve "$1" 8080 && http_ready || return
  expect "GET /fetch (HTTPS to localhost, verified by the CA bundle)" "$(http /fetch)" \
    "fetched: secret from the TLS service"
}
