# shellcheck shell=bash
# shellcheck disable=SC2034 # minify_args is read by tests/conformance/run
# minify cannot speak the Redis protocol: the probe is redis-cli on the host (in the fat image, on
# the host's network), as a user would script one.
minify_args=(--http-probe=false --host-exec "$CHECKS/redis-gosu-redis-probe \$MINIFY_PORT_6379")
check() {
  serve "$1" 6379 || return
  local out uid
  out=$(client /bin/sh -s "$CF_PORT" < "$CHECKS/redis-gosu-redis-probe") || cf_fail "redis-cli" || return
  expect "redis-cli" "$out" "OK
3
a
b
c
value
1" || return
  # The entrypoint starts as root and steps down with gosu: the server must not run as root.
  uid=$(docker top "$CF_CONTAINER" -o pid,uid,comm | awk '$3 == "redis-server" { print $2 }')
  if [ -z "$uid" ] || [ "$uid" = 0 ]; then
    cf_fail "redis-server runs as uid '${uid:-?}', not as redis"
  fi
}
