#!/usr/bin/env bash
# The sensor's overhead, in two parts. Usage:
#   tests/bench/sensor_overhead.sh [--runs N] [--walk-only | --apps-only] [APP_OR_IMAGE...]
# MINIFY_BUILD_DIR picks the build (default build); the sensor is $MINIFY_BUILD_DIR/sensor.
#
# Apps (the target): each conformance application (tests/conformance/apps/*, images
# minify-conformance/*) and each HTTP fixture (minify-fixture/nginx, python-web) is started three
# ways, as `minify build` would: natively (a plain `docker run` with minify's limits), under the
# sensor in `files` mode and in `full` mode (`minify profile`, `build --seccomp`). The sensor runs
# in the container exactly as the analysis stage runs it (lib/pipeline/analysis_stage.cpp): copied
# to /.minify/sensor, made the entrypoint as root with CAP_SYS_PTRACE and CAP_SYS_ADMIN, the
# image's ENTRYPOINT + CMD after `--` (lib/protocol TraceArgs), `--user` the image's USER, and in
# full mode `--granted` the runtime's baseline (lib/seccomp/runtime_baseline.h, read from there).
# Printed per app, median of N runs (default 3): the time to ready, from `docker start` to the
# first answer on the app's first exposed port, polled every 10 ms, an accepted connection waited
# on until answered (HTTP: any response to GET /;
# postgres: an answer to SSLRequest; redis: +PONG); a job (no exposed port): the time to its exit;
# the ratios to native (targets: files <= 1.3x, full <= 2x); and the time `docker stop` takes with
# the image's StopSignal (minify's grace: 15 s), natively and under the sensor in files mode, in
# the first run of each; and the CPU time the container used until ready, which the load of a
# shared machine sways less than wall time.
# Images missing here are skipped (scripts/build-fixtures, tests/conformance/run build them).
#
# Walk (a number, not a target): syscall-heavy workloads run on the host natively, then under the
# sensor in both modes, with the syscalls handed over as seccomp user notifications (the default)
# and as ptrace stops (the fallback), median of 5 runs, and what one hand-over costs here. Full mode
# here hands every syscall over (no --granted), to measure that cost.
set -euo pipefail
cd "$(dirname "$0")/../.."
sensor=${MINIFY_BUILD_DIR:-build}/sensor
runs=
part=all
only=()
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --walk-only) part=walk; shift ;;
    --apps-only) part=apps; shift ;;
    -*) echo "usage: $0 [--runs N] [--walk-only | --apps-only] [APP_OR_IMAGE...]" >&2; exit 2 ;;
    *) only+=("$1"); shift ;;
  esac
done
python=/usr/bin/python3
[ -x "$sensor" ] || { echo "no $sensor: build the 'sensor' target first" >&2; exit 1; }
[ -x "$python" ] || { echo "no $python" >&2; exit 1; }
work=$(mktemp -d)
prefix="minify-sensorspeed-bench-$$"
container="$prefix"
cleanup() {
  docker rm -f "$container" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now_ns() { date +%s%N; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0) printf "%.2fx", b / a; else print "-" }'; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR ? a[int((NR+1)/2)] : -1)}'; }

# ---------------------------------------------------------------------------------------------
# Walk: the host workloads.

walk_part() {
  local wruns=${runs:-5}
  # Walks /usr/lib/python3* and /usr/share/doc and reads every file: opens, stats and reads.
  local walk='import os, sys
n = 0
for top in sys.argv[1:]:
    for root, dirs, files in os.walk(top):
        for f in files:
            p = os.path.join(root, f)
            try:
                if os.path.isfile(p) and not os.path.islink(p):
                    with open(p, "rb") as fh:
                        fh.read()
                    n += 1
            except OSError:
                pass
print(n, "files", file=sys.stderr)'
  local stdlib
  stdlib=$(ls -d /usr/lib/python3.* | head -1)
  # Imports most of the standard library (the interpreter probes many paths per module). Only the
  # standard library: what else is installed varies from machine to machine.
  local imports='import sys, importlib, pkgutil, sysconfig
stdlib = sysconfig.get_paths()["stdlib"]
n = 0
for m in pkgutil.iter_modules([stdlib, stdlib + "/lib-dynload"]):
    if m.name.startswith(("_", "idlelib", "test", "tkinter", "turtle", "antigravity", "this")):
        continue
    try:
        importlib.import_module(m.name)
        n += 1
    except Exception:
        pass
print(n, "modules", file=sys.stderr)'

  # median_ms CMD...: the median wall time of $wruns runs, in ms (one warm-up run first).
  median_ms() {
    "$@" >/dev/null 2>&1 || true
    local i t0 t1
    for i in $(seq "$wruns"); do
      t0=$(now_ns)
      "$@" >/dev/null 2>&1 || true
      t1=$(now_ns)
      echo $(((t1 - t0) / 1000000))
    done | median
  }
  under() { # under MODE INTERCEPTION CMD...
    local mode=$1 how=$2
    shift 2
    "$sensor" --no-fanotify --intercept "$how" --record "$work/r.json" --mode "$mode" -- "$@"
  }
  bench() {
    local name=$1
    shift
    local native files full pfiles pfull calls
    native=$(median_ms "$@")
    files=$(median_ms under files notify "$@")
    full=$(median_ms under full notify "$@")
    pfiles=$(median_ms under files ptrace "$@")
    pfull=$(median_ms under full ptrace "$@")
    under full notify "$@" >/dev/null 2>&1 || true
    calls=$("$python" -c 'import json, sys; print(sum(s["count"] for s in json.load(open(sys.argv[1]))["syscalls"]))' "$work/r.json")
    printf '%-24s native %5d ms | notify: files %5d ms %s, full %5d ms %s | ptrace: files %s, full %s\n' \
      "$name" "$native" "$files" "$(ratio "$native" "$files")" "$full" "$(ratio "$native" "$full")" \
      "$(ratio "$native" "$pfiles")" "$(ratio "$native" "$pfull")"
    # Full mode hands every syscall over: its extra time per syscall is what one hand-over costs.
    awk -v n="$native" -v a="$full" -v b="$pfull" -v c="$calls" 'BEGIN {
      printf "%-24s %d syscalls; one hand-over costs %.1f us (notify), %.1f us (ptrace)\n", "", c,
        (a - n) * 1000 / c, (b - n) * 1000 / c }'
  }

  echo "walk: host workloads, median of $wruns runs (a number, not a target)"
  bench "walk+read files" "$python" -c "$walk" "$stdlib" /usr/share/doc
  bench "import stdlib modules" "$python" -c "$imports"
  bench "shell: find | xargs cat" sh -c "find $stdlib -name '*.py' | xargs cat > /dev/null"
  bench "shell: 300 processes" sh -c 'for i in $(seq 300); do /bin/true; done'
  "$sensor" --no-fanotify --record "$work/r.json" --mode files -- "$python" -c "$walk" "$stdlib" /usr/share/doc 2>/dev/null
  echo "record of the walk: $(wc -c <"$work/r.json") bytes, $(grep -o '"path"' "$work/r.json" | wc -l) paths"
}

# ---------------------------------------------------------------------------------------------
# Apps: time to ready in a container.

# Polls HOST PORT with KIND's question every 10 ms until it is answered; prints the ms since
# START_NS (a time.time_ns() of the caller's clock, the same clock as `date +%s%N`), or "timeout".
poll='import socket, sys, time
kind, host, port, start_ns, limit = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
question, answered = {
    "http": (("GET / HTTP/1.0\r\nHost: localhost:%d\r\n\r\n" % port).encode(), lambda d: d.startswith(b"HTTP/")),
    "postgres": (b"\x00\x00\x00\x08\x04\xd2\x16\x2f", lambda d: d[:1] in (b"S", b"N")),
    "redis": (b"PING\r\n", lambda d: d.startswith(b"+PONG")),
}[kind]
deadline = time.monotonic() + limit
while time.monotonic() < deadline:
    try:
        with socket.create_connection((host, port), timeout=2) as s:
            # A server that listens before it accepts (tomcat, for seconds) answers a connection
            # from its backlog once it accepts: wait for that, not for a timeout to retry after.
            s.settimeout(max(0.1, deadline - time.monotonic()))
            s.sendall(question)
            if answered(s.recv(64)):
                print((time.time_ns() - start_ns) // 1000000)
                sys.exit(0)
    except OSError:
        pass
    time.sleep(0.01)
print("timeout")'

# The image's facts, one a line: its first exposed TCP port (0: none), its user and its
# StopSignal; its ENTRYPOINT + CMD words go NUL-separated to $work/argv.
inspect_image() {
  local image=$1
  docker image inspect "$image" --format '{{json .Config}}' >"$work/config.json"
  "$python" - "$work/config.json" "$work/argv" <<'EOF'
import json, sys
c = json.load(open(sys.argv[1]))
ports = sorted(int(p.split("/")[0]) for p in (c.get("ExposedPorts") or {}) if p.endswith("/tcp"))
print(ports[0] if ports else 0)
print(c.get("User") or "")
print(c.get("StopSignal") or "")
argv = (c.get("Entrypoint") or []) + (c.get("Cmd") or [])
open(sys.argv[2], "wb").write(b"\0".join(a.encode() for a in argv))
EOF
}

# kind_of IMAGE PORT: how to ask whether it is ready.
kind_of() {
  case "$1:$2" in
    *:0) echo job ;;
    *postgres*:5432) echo postgres ;;
    *redis*:6379) echo redis ;;
    *) echo http ;;
  esac
}

# create IMAGE MODE: the container, as minify's analysis (MODE files|full) or plain (native).
create() {
  local image=$1 mode=$2
  local limits=(--memory 1g --memory-swap 1g --pids-limit 1024)
  local publish=()
  [ "$port" != 0 ] && publish=(-p "127.0.0.1::$port")
  docker rm -f "$container" >/dev/null 2>&1 || true
  if [ "$mode" = native ]; then
    docker create --name "$container" "${limits[@]}" "${publish[@]}" "$image" >/dev/null
    return
  fi
  local args=(--mode "$mode")
  [ "$mode" = full ] && args+=(--granted "$granted")
  [ -n "$user" ] && args+=(--user "$user")
  [ -n "$stop_signal" ] && args+=(--stop-signal "$stop_signal")
  local argv=()
  mapfile -d '' argv <"$work/argv"
  docker create --name "$container" "${limits[@]}" "${publish[@]}" --user 0 \
    --cap-add SYS_PTRACE --cap-add SYS_ADMIN --entrypoint /.minify/sensor \
    "$image" "${args[@]}" -- "${argv[@]}" >/dev/null
  docker cp "$work/stage/.minify" "$container:/" >/dev/null
}

# cpu_ms ID: the CPU time the processes of container ID used so far (the sensor's included), in
# ms, from its cgroup (v1 cpuacct, or v2 cpu.stat); -1 where neither is found.
cpu_ms() {
  local id=$1 f
  for f in "/sys/fs/cgroup/cpuacct/docker/$id/cpuacct.usage"; do
    [ -r "$f" ] && { echo $(($(cat "$f") / 1000000)); return; }
  done
  for f in "/sys/fs/cgroup/system.slice/docker-$id.scope/cpu.stat" "/sys/fs/cgroup/docker/$id/cpu.stat"; do
    [ -r "$f" ] && { awk '$1 == "usage_usec" { print int($2 / 1000) }' "$f"; return; }
  done
  echo -1
}

# one_run IMAGE MODE END: prints "READY_MS STOP_MS CPU_MS" of one start: the time to ready, the
# time `docker stop` took (END stop; END kill: `docker rm -f`, -1, as for a job) and the CPU time
# the container used until ready (-1 for a job: its cgroup goes with it).
one_run() {
  local image=$1 mode=$2 end=$3 t0 t1 ready stop=-1 cpu=-1 id
  create "$image" "$mode"
  id=$(docker inspect -f '{{.Id}}' "$container")
  if [ "$kind" = job ]; then
    t0=$(now_ns)
    docker start -a "$container" >/dev/null 2>&1 || true
    t1=$(now_ns)
    ready=$(((t1 - t0) / 1000000))
  else
    t0=$(now_ns)
    docker start "$container" >/dev/null
    local host_port
    host_port=$(docker port "$container" "$port/tcp" | head -n1 | sed 's/.*://')
    ready=$("$python" -c "$poll" "$kind" 127.0.0.1 "$host_port" "$t0" 120)
    [ "$ready" = timeout ] && ready=-1
    cpu=$(cpu_ms "$id")
    if [ "$end" = stop ]; then
      t0=$(now_ns)
      docker stop -t 15 "$container" >/dev/null
      t1=$(now_ns)
      stop=$(((t1 - t0) / 1000000))
    fi
  fi
  docker rm -f "$container" >/dev/null 2>&1 || true
  echo "$ready $stop $cpu"
}

# measure IMAGE: runs it $aruns times in each mode, the modes taking turns (each round starting
# with the next one) so that the load of a shared machine and the order weigh on each alike;
# writes one_run's lines to $work/runs.MODE. The first run of each mode is stopped with
# `docker stop` and timed (one only: a stop that waits out the grace costs 15 s), the others
# removed at once.
measure() {
  local i mode modes=(native files full)
  rm -f "$work"/runs.*
  for i in $(seq "$aruns"); do
    for mode in "${modes[@]:$(((i - 1) % 3))}" "${modes[@]:0:$(((i - 1) % 3))}"; do
      one_run "$1" "$mode" "$([ "$i" = 1 ] && echo stop || echo kill)" >>"$work/runs.$mode"
    done
  done
}
ready_of() { cut -d' ' -f1 <"$work/runs.$1" | median; }
stop_of() { head -n1 "$work/runs.$1" | cut -d' ' -f2; }
cpu_of() { cut -d' ' -f3 <"$work/runs.$1" | median; }

app_part() {
  aruns=${runs:-3}
  # The names of the header's two arrays, as the analysis stage passes them in full mode.
  granted=$(sed -n '/^inline constexpr std::array/,/^};/p' lib/seccomp/runtime_baseline.h |
    grep -o '"[a-z0-9_]*"' | tr -d '"' | paste -sd,)
  [ -n "$granted" ] || { echo "no syscall names in lib/seccomp/runtime_baseline.h" >&2; exit 1; }
  mkdir -p "$work/stage/.minify"
  cp "$sensor" "$work/stage/.minify/sensor"
  local images=()
  if [ ${#only[@]} -gt 0 ]; then
    local name
    for name in "${only[@]}"; do
      case $name in
        */*) images+=("$name") ;;
        *) images+=("minify-conformance/$name") ;;
      esac
    done
  else
    local app
    for app in tests/conformance/apps/*/; do images+=("minify-conformance/$(basename "$app")"); done
    images+=(minify-fixture/nginx minify-fixture/python-web)
  fi
  echo "apps: time to ready (a job: to its exit), median of $aruns runs; stop: docker stop with the image's StopSignal, first run"
  echo "cpu: the CPU time the container used until ready (the sensor's included), median"
  printf '%-34s %-8s %8s %8s %8s %7s %7s | %8s %8s | %-8s %7s %7s\n' app ask native files full \
    files full "stop nat" "stop fil" "cpu nat" files full
  local image
  for image in "${images[@]}"; do
    if ! docker image inspect "$image" >/dev/null 2>&1; then
      printf '%-34s skipped: no such image here\n' "$image"
      continue
    fi
    { read -r port; read -r user; read -r stop_signal; } < <(inspect_image "$image")
    kind=$(kind_of "$image" "$port")
    measure "$image"
    local native files full
    native=$(ready_of native) files=$(ready_of files) full=$(ready_of full)
    local cpu_native cpu_files cpu_full
    cpu_native=$(cpu_of native) cpu_files=$(cpu_of files) cpu_full=$(cpu_of full)
    printf '%-34s %-8s %6d ms %6d ms %6d ms %7s %7s | %6s ms %6s ms | %5s ms %7s %7s\n' "$image" \
      "$kind" "$native" "$files" "$full" "$(ratio "$native" "$files")" \
      "$(ratio "$native" "$full")" "$(stop_of native)" "$(stop_of files)" "$cpu_native" \
      "$(ratio "$cpu_native" "$cpu_files")" "$(ratio "$cpu_native" "$cpu_full")"
  done
}

echo "sensor overhead ($(nproc) cores, $(uname -r)); sensor $sensor"
case $part in
  walk) walk_part ;;
  apps) app_part ;;
  all) app_part; walk_part ;;
esac
