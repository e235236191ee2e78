#!/usr/bin/env bash
# `minify build` per application, against the application's own run. Prints a table; asserts
# nothing. For each app, BENCH_RUNS times (default 3), the median of:
#   phases     the report's phases_seconds (inspect is counted in "other")
#   steps      finer steps, from minify's progress lines (each "X: started" .. "X: done"), when
#              BENCH_STEPS=1: one line per step under the app's row
#   total      minify's wall time
#   app        the app's own run, without minify: `docker run` of the original image until it is
#              ready (a job: until it exits; a server: until its first probed port answers HTTP,
#              or, for a non-HTTP one, accepts TCP at the container's own address), plus the
#              probes' own time as the report gives it (the analysis run's). The build runs the
#              app twice (analysis and verify), so "outside" = total - 2 x app (- 1 x app with
#              --no-verify). The app's stop is not in it: an app slow to stop (or deaf to its
#              stop signal) shows in "outside", in the step "analysis: waiting for the app".
#   load       the engine's own `docker load` of the same slim image (saved after the build,
#              removed, loaded again, timed): what loading its files costs the engine whoever asks
#              (settled, about 0.1 ms a file with Docker 20.10 here)
#   rest       outside - load: what minify adds beyond the app's runs and the engine's load
#   rss        minify's peak resident memory (its own process, from wait4)
# settled: before each timed build and each timed load, the disk is synced and the page cache
# dropped (then the original image's files are read back, so the app does not start cold). On an
# ext4 without a journal (this machine's), creating a file scans past every inode of its group
# deleted in the last 60 s (360 s while unwritten), so a load right after the previous run's
# clean-up paid ~1 ms a file for that clean-up, not for its own work. Needs root.
# Usage: tests/bench/build_bench.sh [APP...]; an APP is a fixture (minify-fixture/APP) or a
# conformance application (minify-conformance/APP, built with its checks/APP.sh minify_args).
# Default: the fixtures build's tests use, then every conformance application (images built as
# tests/conformance/run builds them; missing ones are skipped with a note). MINIFY_BUILD_DIR picks
# the build (default build), MINIFY the binary itself. The slim images it makes are removed.
set -euo pipefail
cd "$(dirname "$0")/../.."
minify=${MINIFY:-${MINIFY_BUILD_DIR:-build}/minify}
[ -x "$minify" ] || { echo "no $minify: run scripts/build first" >&2; exit 1; }
apps=("$@")
if [ ${#apps[@]} -eq 0 ]; then
  apps=(python-web c-app shell-job nginx nonroot workdir entrypoint-script dlopen static)
  for f in tests/conformance/checks/*.sh; do
    f=${f##*/}
    apps+=("${f%.sh}")
  done
fi
checks=$PWD/tests/conformance/checks
# One line per app: "image<TAB>minify args as a JSON array".
plan=()
for app in "${apps[@]}"; do
  if [ -f "$checks/$app.sh" ]; then
    minify_args=()
    # shellcheck disable=SC1090 # the check names its own args
    CHECKS=$checks source "$checks/$app.sh"
    plan+=("minify-conformance/$app:latest"$'\t'"$(python3 -c 'import json,sys; print(json.dumps(sys.argv[1:]))' "${minify_args[@]}")")
  else
    plan+=("minify-fixture/$app"$'\t'"[]")
  fi
done
BENCH_PLAN=$(printf '%s\n' "${plan[@]}") exec python3 - "$minify" "${BENCH_RUNS:-3}" "${BENCH_STEPS:-0}" <<'PY'
import json, os, re, shutil, socket, stat, statistics, subprocess, sys, tempfile, time, http.client

minify, runs, steps_wanted = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1"
plan = [line.split("\t") for line in os.environ["BENCH_PLAN"].splitlines() if line.strip()]
prefix = f"minify-speed-bench-{os.getpid()}"
made = []  # tags and containers to remove
scratch = tempfile.mkdtemp(prefix="minify-build-bench-")

def docker(*args, check=True):
    return subprocess.run(["docker", *args], capture_output=True, text=True, check=check,
                          timeout=600).stdout.strip()

def build(image, args, tag):
    """One `minify build`: (wall, rss MB, report, {step: seconds})."""
    # The HTML report is part of a build's cost: written, then thrown away with the temp dir.
    cmd = [minify, "build", image, "--tag", tag, "--json",
           "--report-html", os.path.join(scratch, "report.html"), *args]
    start = time.monotonic()
    # The JSON report goes to a file: through a pipe read only after stderr's end, a report larger
    # than the pipe's buffer would block minify's write while this waits for stderr to close.
    out = tempfile.TemporaryFile(dir=scratch)
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE)
    steps, begun = {}, {}
    # stderr is read line by line as it comes, so each step's start and end are timestamped here.
    for raw in proc.stderr:
        now = time.monotonic() - start
        line = raw.decode(errors="replace").rstrip("\n")
        m = re.match(r"^(.*?): (started|done|stopped)\b", line)
        if not m:
            continue
        name = re.sub(r"\s*\(.*\)$", "", m.group(1))
        if m.group(2) == "started":
            begun[name] = now
        elif name in begun:
            steps[name] = steps.get(name, 0) + now - begun.pop(name)
    _, status, usage = os.wait4(proc.pid, 0)
    out.seek(0)
    report = out.read()
    out.close()
    wall = time.monotonic() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"minify build {image} failed (exit {os.waitstatus_to_exitcode(status)})")
    return wall, usage.ru_maxrss / 1024, json.loads(report), steps

def http_answers(host, port):
    try:
        c = http.client.HTTPConnection(host, port, timeout=1)
        c.request("GET", "/", headers={"Host": f"localhost:{port}"})
        c.getresponse().read()
        return True
    except (OSError, http.client.HTTPException):
        return False

def tcp_accepts(host, port):
    try:
        socket.create_connection((host, port), timeout=1).close()
        return True
    except OSError:
        return False

def app_run(image, report, name):
    """The app's own run, without minify: seconds until ready (or exited), plus its probes."""
    probes = report.get("probes", [])
    probe_s = sum((p.get("original") or {}).get("elapsed_ms", 0) for p in probes
                  if p["kind"] != "exit") / 1000
    ports = report.get("ports", {})
    # The port probes went to; a service probed by --host-exec: the first it listened on.
    port = next(iter([p["port"] for p in ports.get("probed", [])] + ports.get("listening", [])), None)
    exposed = json.loads(docker("image", "inspect", "-f", "{{json .Config.ExposedPorts}}", image)) or {}
    container = f"{prefix}-{name}"
    made.append(("container", container))
    start = time.monotonic()
    if any(p["kind"] == "exit" for p in probes) or port is None:  # a job: until it exits
        docker("run", "-d", "--name", container, image)
        docker("wait", container)
        ready = time.monotonic() - start
    else:
        publish = ["-p", f"127.0.0.1::{port}"] if f"{port}/tcp" in exposed else []
        docker("run", "-d", "--name", container, *publish, image)
        if publish:
            host, at = "127.0.0.1", int(docker("port", container, f"{port}/tcp").rsplit(":", 1)[1])
        else:
            host, at = docker("inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", container), port
        http_app = any(p["kind"] == "http" for p in probes)
        ready_check = http_answers
        if not http_app:
            # The engine's port proxy accepts TCP before the app listens: ask the app itself.
            host, at = docker("inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", container), port
            ready_check = tcp_accepts
        delay, deadline = 0.01, start + 180
        while not ready_check(host, at):
            if time.monotonic() > deadline:
                raise RuntimeError(f"{image} was not ready within 180 s")
            time.sleep(delay)
            delay = min(delay * 2, 0.2)
        ready = time.monotonic() - start
    docker("rm", "-f", container, check=False)
    made.remove(("container", container))
    return ready + probe_s

def settle():
    """Lets the disk forget recent deletions before a timed step (see "settled" above)."""
    subprocess.run(["sync"], check=True)
    try:
        with open("/proc/sys/vm/drop_caches", "w") as f:
            f.write("1")
    except OSError as e:
        print(f"(cannot drop caches: {e}; the figures may carry earlier deletions)", file=sys.stderr)

# What a build runs beside the engine's daemons (whose mapped pages a drop keeps): read back after
# a drop, so that a settled build does not pay for a cold runtime either.
helpers = [minify, os.path.join(os.path.dirname(minify), "sensor")] + [
    p for p in (shutil.which(n) for n in ("runc", "containerd-shim-runc-v2", "docker-proxy",
                                          "docker-init", "iptables", "xtables-nft-multi",
                                          "xtables-legacy-multi")) if p]

def warm(image):
    """Reads every file of the image's layers, and the runtime's programs, so a settled build
    does not start cold."""
    data = json.loads(docker("image", "inspect", "-f", "{{json .GraphDriver.Data}}", image)) or {}
    dirs = [d for key in ("UpperDir", "LowerDir") for d in (data.get(key) or "").split(":") if d]
    for path in helpers:
        with open(os.path.realpath(path), "rb") as fh:
            while fh.read(1 << 20):
                pass
    for top in dirs:
        for root, _, files in os.walk(top):
            for f in files:
                # Not followed: a link in a layer points into the host (/dev/stdin, /proc/self).
                try:
                    fd = os.open(os.path.join(root, f), os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
                except OSError:
                    continue  # a link, a file gone
                try:
                    if stat.S_ISREG(os.fstat(fd).st_mode):
                        while os.read(fd, 1 << 20):
                            pass
                finally:
                    os.close(fd)

def engine_load(tag):
    """Seconds the engine takes to `docker load` the slim image `tag` (which is gone after)."""
    archive = os.path.join(scratch, "slim.tar")
    docker("save", "-o", archive, tag)
    docker("image", "rm", tag)
    settle()
    start = time.monotonic()
    docker("load", "-i", archive)
    took = time.monotonic() - start
    os.remove(archive)
    return took

def fmt(v, unit="s", width=6):
    return f"{v:>{width}.1f}{unit}"

print(f"{'app':<18} {'original':>9} {'slim':>8} {'analysis':>8} {'pack':>6} {'image':>6} "
      f"{'verify':>6} {'other':>6} {'total':>6} {'app':>6} {'outside':>7} {'load':>6} {'rest':>6} "
      f"{'rss':>7}")
try:
    for image, args_json in plan:
        args = json.loads(args_json)
        name = image.split("/", 1)[1].split(":")[0]
        if not docker("image", "ls", "-q", image):
            print(f"{name:<18} (no image {image}: scripts/build-fixtures or tests/conformance/run)")
            continue
        rows, step_rows = [], []
        try:
            for i in range(runs):
                tag = f"{prefix}-{name}:t"
                made.append(("image", tag))
                settle()
                warm(image)
                wall, rss, report, steps = build(image, args, tag)
                load = engine_load(tag) if report.get("slim", {}).get("id") else 0
                docker("image", "rm", tag, check=False)
                made.remove(("image", tag))
                app = app_run(image, report, name)
                p = report["phases_seconds"]
                known = sum(p.get(k, 0) for k in ("analysis", "pack", "image", "verify"))
                runs_of_app = 2 if report.get("verify", {}).get("ran") else 1
                rows.append({
                    "original": report["original"]["size"] / 1e6, "slim": report["slim"]["size"] / 1e6,
                    "analysis": p.get("analysis", 0), "pack": p.get("pack", 0),
                    "image": p.get("image", 0), "verify": sum(v for k, v in p.items() if k.startswith("verify")),
                    "other": wall - known, "total": wall, "app": app,
                    "outside": wall - runs_of_app * app, "load": load,
                    "rest": wall - runs_of_app * app - load, "rss": rss})
                step_rows.append(steps)
        except (RuntimeError, subprocess.SubprocessError) as e:
            print(f"{name:<18} failed: {e}")
            continue
        med = {k: statistics.median(r[k] for r in rows) for k in rows[0]}
        print(f"{name:<18} {med['original']:>7.1f}MB {med['slim']:>6.1f}MB {fmt(med['analysis'], 's', 7)} "
              f"{fmt(med['pack'], 's', 5)} {fmt(med['image'], 's', 5)} {fmt(med['verify'], 's', 5)} "
              f"{fmt(med['other'], 's', 5)} {fmt(med['total'], 's', 5)} {fmt(med['app'], 's', 5)} "
              f"{fmt(med['outside'], 's', 6)} {fmt(med['load'], 's', 5)} {fmt(med['rest'], 's', 5)} "
              f"{med['rss']:>5.1f}MB", flush=True)
        if steps_wanted:
            names = list(dict.fromkeys(n for s in step_rows for n in s))
            for n in names:
                print(f"    {statistics.median(s.get(n, 0) for s in step_rows):>6.2f}s  {n}")
finally:
    for kind, what in made:
        docker("image" if kind == "image" else "container", "rm", "-f", what, check=False)
    shutil.rmtree(scratch, ignore_errors=True)
PY
