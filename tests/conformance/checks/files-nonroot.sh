# shellcheck shell=bash
# shellcheck disable=SC2034 # minify_args is read by tests/conformance/run
minify_args=(--probe 'GET /f/caf%C3%A9.txt' --probe 'GET /f/caf%E9.txt'
  --probe 'GET /f/na%C3%AFve%20r%C3%A9sum%C3%A9.txt')
check() {
  # Read-only root, as such images are run; nothing is written anyway.
  serve "$1" 8080 --read-only && http_ready || return
  expect "GET / (the names, as bytes)" "$(http / | od -An -c | tr -s ' ' | tr -d '\n')" \
    "$(printf 'café.txt\ncaf\351.txt\nnaïve résumé.txt\n' | od -An -c | tr -s ' ' | tr -d '\n')" &&
    expect "GET the UTF-8 name" "$(http /f/caf%C3%A9.txt)" "utf-8 name" &&
    expect "GET the Latin-1 name" "$(http /f/caf%E9.txt)" "latin-1 name" &&
    expect "GET the name with spaces" "$(http /f/na%C3%AFve%20r%C3%A9sum%C3%A9.txt)" "spaces and accents" &&
    expect "the app's user" "$(docker top "$CF_CONTAINER" -o pid,uid | awk 'NR == 2 { print $2 }')" 1001
}
