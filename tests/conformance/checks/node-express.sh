# shellcheck shell=bash
# shellcheck disable=SC2034 # minify_args is read by tests/conformance/run
minify_args=(--probe 'GET /render')
check() {
  serve "$1" 3000 && http_ready || return
  expect "GET /" "$(http /)" "express ok" &&
    expect "GET /render (marked required on this request)" "$(http /render)" \
      '<h1 id="title">Title</h1>
<p>Some <em>markdown</em> with <code>code</code>.</p>'
}
