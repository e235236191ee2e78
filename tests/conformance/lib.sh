# shellcheck shell=bash
# Helpers for the apps' checks (checks/APP.sh), sourced by tests/conformance/run. A check runs an image
# (the fat original or a slim one) and asserts what it does; it fails with one line saying what
# differed and the container's last log lines. Containers are named minify-cf-<app>-..., run with
# --rm and removed when the check ends, however it ends.
#
# checks/APP.sh defines:
#   minify_args=(...)   the flags a user would give `minify build` (no --verify=false)
#   check IMAGE         the behavioural check
# and may use APP (the app's name), CHECKS (the checks folder) and FAT (its fat image).

CF_CONTAINERS=()
cf_cleanup() {
  local c
  for c in "${CF_CONTAINERS[@]}"; do docker rm -f "$c" >/dev/null 2>&1 || true; done
  CF_CONTAINERS=()
}

cf_fail() {
  echo "check failed: $*" >&2
  if [ -n "${CF_CONTAINER:-}" ]; then
    echo "  last log lines of $CF_CONTAINER:" >&2
    docker logs --tail 15 "$CF_CONTAINER" 2>&1 | sed 's/^/    /' >&2 || true
  fi
  return 1
}

# serve IMAGE PORT [docker run args...]: runs IMAGE detached with PORT published on 127.0.0.1;
# sets CF_CONTAINER and CF_PORT (the host port).
serve() {
  local image=$1 port=$2
  shift 2
  CF_CONTAINER="minify-cf-$APP-$$-$RANDOM"
  CF_CONTAINERS+=("$CF_CONTAINER")
  docker run -d --rm --name "$CF_CONTAINER" -p "127.0.0.1::$port" "$@" "$image" >/dev/null ||
    cf_fail "docker run $image" || return
  CF_PORT=$(docker port "$CF_CONTAINER" "$port/tcp" | head -n1 | sed 's/.*://')
}

# until_ok SECONDS COMMAND...: retries COMMAND (quietly) until it succeeds; fails when the
# container stopped or the time ran out.
until_ok() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@" >/dev/null 2>&1; do
    [ "$(docker inspect -f '{{.State.Running}}' "$CF_CONTAINER" 2>/dev/null)" = true ] ||
      cf_fail "the container stopped before it was ready" || return
    [ $SECONDS -lt $deadline ] || cf_fail "not ready after ${deadline}s: $*" || return
    sleep 0.5
  done
}

# http PATH: the body of GET PATH on the served app; fails on no answer or a status >= 400.
http() {
  curl -fsS --max-time 30 "http://127.0.0.1:$CF_PORT$1"
}

# http_ready [SECONDS]: waits until the served app answers HTTP at all.
http_ready() {
  until_ok "${1:-120}" curl -s -o /dev/null --max-time 5 "http://127.0.0.1:$CF_PORT/"
}

# client COMMAND...: runs COMMAND in the fat image on the host's network (a client the slim image
# need not contain).
client() {
  local name="minify-cf-$APP-client-$$-$RANDOM"
  CF_CONTAINERS+=("$name")
  docker run --rm -i --name "$name" --network host "$FAT" "$@"
}

# expect WHAT ACTUAL EXPECTED: exact comparison.
expect() {
  [ "$2" = "$3" ] || cf_fail "$1: expected '$3', got '$2'"
}

# expect_match WHAT ACTUAL REGEX: an extended regex that must match.
expect_match() {
  [[ $2 =~ $3 ]] || cf_fail "$1: expected a match of '$3', got '$2'"
}

# job IMAGE [docker run args...]: runs a batch image to its exit; its stdout.
job() {
  local image=$1
  shift
  CF_CONTAINER="minify-cf-$APP-$$-$RANDOM"
  CF_CONTAINERS+=("$CF_CONTAINER")
  docker run --rm --name "$CF_CONTAINER" "$@" "$image"
}
