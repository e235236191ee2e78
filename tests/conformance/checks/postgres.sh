# shellcheck shell=bash
# shellcheck disable=SC2034 # minify_args is read by tests/conformance/run
# minify cannot speak the PostgreSQL protocol: the probe is a psql client on the host (in the fat
# image, on the host's network), as a user would script one.
minify_args=(--http-probe=false --host-exec "$CHECKS/postgres-psql-probe \$MINIFY_PORT_5432")
check() {
  serve "$1" 5432 || return
  local out
  out=$(client /bin/sh -s "$CF_PORT" < "$CHECKS/postgres-psql-probe") || cf_fail "psql" || return
  expect "psql" "$out" "100|5050
Tuesday   02 January   2024
UTF8|postgres"
}
