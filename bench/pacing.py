"""Frame pacing: how evenly the panel's frames come, idle and while the server is busy.

Every frame is sent as DDP to `retroboard-pacing` on loopback (RetroBoard through
`--display ddp://...`, the original Python server through the stub `rgbmatrix` module in
bench/original/), which takes the kernel receive stamp of each frame's last packet and reports
frame intervals between the app's timed frames (see bench/loadgen/src/pacing.rs).

For `scroll_text` and `stars` at 60 fps, on a server pinned to CPU 0 (the load generator and the
receiver on CPU 1): (a) idle, (b) while 1k and 5k Socket.IO clients get 20 commands/s,
(c) while 100 preview subscribers stream (RetroBoard only), (d) while the apps of
crates/starlet/benches/star, installed as community apps, render again and again in the worker
pool (RetroBoard only; its workers are pinned to CPU 0 with it, `--only starlark` measures this
window alone and adds it to the existing results). The original (lancewilhelm/retroboard)
runs idle and at 1k clients; its checkout is `--original DIR` (cloned there when missing) and its
Python dependencies go into this venv. Results: bench/results/pacing-*.json.

Usage: bench/.venv/bin/python bench/pacing.py [--original DIR] [--only retroboard|original|starlark]
       [--name LABEL --binary PATH]  (to compare two builds of RetroBoard)
"""

import argparse
import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests
import socketio

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # noqa: E402  (the comparison's server, pinning and contention helpers)
from pacing_starlark import starlark_args, with_starlark  # noqa: E402

ORIGINAL_REPO = "https://github.com/lancewilhelm/retroboard"
TARGET = Path(os.environ.get("CARGO_TARGET_DIR", run.ROOT / "target")) / "release"
RECEIVER = TARGET / "retroboard-pacing"
FPS = 60
# Every 60 fps frame of these differs from the one before: text moving one pixel a frame (the
# blank frame when it wraps only breaks the chain of intervals), and stars born and dying every
# frame.
APPS = {
    "scroll_text": {"text": "Pacing 0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ " * 5, "speed": 1, "fps": FPS,
                    "color": [255, 255, 255]},
    "stars": {"spawn_rate": 4, "fps": FPS},
}
IDLE_SECS, LOAD_RATE, LOAD_SECS, PREVIEW_CLIENTS, PREVIEW_SECS = 10, 20, 20, 100, 10

LOAD_LEVELS = {"retroboard": [1000, 5000], "original": [1000]}
WARMUP_SECS = 2  # stars need lifetime (40 frames) to reach a steady state


class Receiver:
    """`retroboard-pacing` on CPU 1: open a window, read its report."""

    def __init__(self):
        self.proc = subprocess.Popen(["taskset", "-c", run.LOADGEN_CPU, str(RECEIVER), "--fps", str(FPS)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.port = json.loads(self.proc.stdout.readline())["port"]

    def start(self):
        self.proc.stdin.write("start\n")
        self.proc.stdin.flush()

    def report(self):
        self.proc.stdin.write("report\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def stop(self):
        self.proc.stdin.close()
        self.proc.wait(10)


class RenderCounts:
    """The server's own account of a window, from RetroBoard's /metrics: frames handed to the
    outputs, and timed frames drawn more than half an interval late. Beside the receiver's
    figures it tells a frame drawn late from one delayed on its way (the original has no such
    counters)."""

    NAMES = {"retroboard_frames_total": "frames", "retroboard_late_frames_total": "late"}

    def __init__(self, server):
        self.server = server
        self.before = self.read()

    def read(self):
        if self.server.kind != "retroboard":
            return None
        text = requests.get(f"http://{self.server.addr}/metrics", timeout=10).text
        samples = dict(line.split()[:2] for line in text.splitlines() if line and not line.startswith("#"))
        return {key: float(samples[name]) for name, key in self.NAMES.items()}

    def finish(self):
        after = self.read()
        return after and {key: int(after[key] - self.before[key]) for key in after}


def window(receiver, seconds, server):
    """One measured window with nothing else going on."""
    print(f"[pacing] {server.kind}: {seconds} s window", flush=True)
    contention = run.Contention(server)
    counts = RenderCounts(server)
    receiver.start()
    time.sleep(seconds)
    report = receiver.report()
    report["server_counts"] = counts.finish()
    report["contention"] = contention.finish()
    return report


def under_load(receiver, server, clients, timeout):
    """A window over a loadgen burst of LOAD_RATE commands/s to `clients` Socket.IO clients:
    opens when the clients have settled (the loadgen's level line plus its 3 s settle), closes
    when the commands have been sent. Bounded by `timeout`; a server that stalls or drops the
    clients is reported as such."""
    count = LOAD_RATE * LOAD_SECS
    ramp = 2000 if server.kind == "retroboard" else 500
    cmd = ["taskset", "-c", run.LOADGEN_CPU, str(run.LOADGEN), "--server", server.addr, "--server-pid",
           str(server.pid), "--sources", run.SOURCES, "--threads", "1", "--ramp", str(ramp), "levels",
           "--levels", str(clients), "--bursts", f"{clients}:{LOAD_RATE}:{count}", "--grace-secs", "2"]
    log = run.RESULTS / f"pacing-loadgen-{server.kind}-{clients}.log"
    print(f"[pacing] {server.kind}: {clients} clients, {LOAD_RATE} commands/s", flush=True)
    with open(log, "w") as err_log:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                preexec_fn=run.raise_fd_limit)
        opened = threading.Event()
        contention = {}

        def follow():
            for line in proc.stderr:
                err_log.write(line)
                if line.startswith(f"level {clients}:") and not opened.is_set():
                    time.sleep(3)
                    contention["meter"] = run.Contention(server)
                    contention["counts"] = RenderCounts(server)
                    receiver.start()
                    opened.set()
        follower = threading.Thread(target=follow, daemon=True)
        follower.start()
        outcome = "completed"
        report = None
        if opened.wait(timeout):
            time.sleep(LOAD_SECS)
            report = receiver.report()
            report["server_counts"] = contention["counts"].finish()
            report["contention"] = contention["meter"].finish()
        try:
            out, _ = proc.communicate(timeout=max(timeout - LOAD_SECS, 30))
            burst = next((l["burst"] for l in json.loads(out)["levels"] if l.get("burst")), None) if out else None
            if proc.returncode != 0:
                outcome = f"loadgen exited with {proc.returncode}"
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            burst, outcome = None, f"loadgen did not finish within {timeout} s; killed"
        follower.join(5)
    if report is None:
        outcome = f"clients never settled within {timeout} s ({outcome})"
    result = {"clients": clients, "rate": LOAD_RATE, "outcome": outcome, "window": report}
    if burst:
        result["fan_out"] = {"p99_ms": burst["delivery"]["latency"]["p99"], "lost": burst["delivery"]["lost"],
                             "connected": burst["clients"]}
    return result


def with_preview(receiver, server):
    """A window while PREVIEW_CLIENTS python-socketio clients stream the live preview."""
    counts = [0]
    url = f"http://{server.addr}"

    async def subscriber():
        client = socketio.AsyncClient(reconnection=False)

        @client.on("frame")
        async def on_frame(data):
            counts[0] += 1

        await client.connect(url, transports=["websocket"], wait_timeout=20)
        await client.emit("preview:subscribe")
        return client

    def undecoded(loop, context):
        """python-socketio cannot decode the preview's binary frame packets; the load on the
        server is the same either way, so they are counted rather than logged."""
        if isinstance(context.get("exception"), ValueError):
            counts[0] += 1
        else:
            loop.default_exception_handler(context)

    async def stream():
        asyncio.get_running_loop().set_exception_handler(undecoded)
        clients = [await subscriber() for _ in range(PREVIEW_CLIENTS)]
        await asyncio.sleep(2)
        before = counts[0]
        report = await asyncio.to_thread(window, receiver, PREVIEW_SECS, server)
        report["preview_messages_per_sec"] = round((counts[0] - before) / PREVIEW_SECS, 1)
        for client in clients:
            await client.disconnect()
        return report
    return {"clients": PREVIEW_CLIENTS, "window": asyncio.run(stream())}


def switch(server, app):
    requests.post(f"http://{server.addr}/api/switch", json={"app": app, "config": APPS[app]},
                  timeout=10).raise_for_status()
    time.sleep(WARMUP_SECS)


def measure_retroboard(name):
    """Every phase for both apps on RetroBoard; `name` tells builds apart (e.g. before/after)."""
    receiver = Receiver()
    try:
        for app in APPS:
            run.wait_for_quiet()
            server = run.Server("retroboard", args=["--display", f"ddp://127.0.0.1:{receiver.port}",
                                                    "--preview-fps", "30", *starlark_args()])
            try:
                switch(server, app)
                result = {"server": name, "app": app, "fps": FPS, "idle": window(receiver, IDLE_SECS, server),
                          "preview": with_preview(receiver, server), "starlark": with_starlark(window, receiver, server),
                          "load": []}
                for clients in LOAD_LEVELS["retroboard"]:
                    switch(server, app)  # a fresh journey for the scrolling text
                    result["load"].append(under_load(receiver, server, clients, timeout=180))
            finally:
                server.stop()
            save(result)
    finally:
        receiver.stop()


def measure_starlark(name):
    """The Starlark window alone for both apps, added to each app's existing RetroBoard results
    (a fresh result with an idle window where there are none)."""
    receiver = Receiver()
    try:
        for app in APPS:
            run.wait_for_quiet()
            server = run.Server("retroboard", args=["--display", f"ddp://127.0.0.1:{receiver.port}",
                                                    *starlark_args()])
            try:
                switch(server, app)
                path = run.RESULTS / f"pacing-{name}-{app}.json"
                result = json.loads(path.read_text()) if path.exists() else {
                    "server": name, "app": app, "fps": FPS, "idle": window(receiver, IDLE_SECS, server), "load": []}
                result["starlark"] = with_starlark(window, receiver, server)
            finally:
                server.stop()
            save(result)
    finally:
        receiver.stop()


class Original:
    """The original Python server from a checkout, its panel the stub `rgbmatrix`, pinned to CPU 0."""

    kind = "original"

    def __init__(self, checkout, receiver_port, app):
        self.port = run.free_port()
        self.addr = f"127.0.0.1:{self.port}"
        self.workdir = tempfile.mkdtemp(prefix="retroboard-original-")
        shutil.copytree(checkout, self.workdir, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".git"))
        self.log = open(run.RESULTS / "original-server.log", "a")
        env = {**os.environ, "PYTHONPATH": str(run.BENCH / "original"),
               "RETROBOARD_PACING_DDP": f"127.0.0.1:{receiver_port}"}
        self.proc = subprocess.Popen(
            ["taskset", "-c", run.SERVER_CPU, sys.executable, "main.py", "--hardware", "--ignore-state",
             "--host", "127.0.0.1", "--port", str(self.port), "--app", app],
            cwd=self.workdir, env=env, stdout=self.log, stderr=subprocess.STDOUT, preexec_fn=run.raise_fd_limit)
        self.pid = self.proc.pid
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                requests.get(f"http://{self.addr}/api/health", timeout=1)
                return
            except requests.ConnectionError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("the original server did not answer within 30 s")

    def stop(self):
        run.stop_process(self.proc)
        self.log.close()
        shutil.rmtree(self.workdir, ignore_errors=True)


def locate_original(checkout):
    """The original's checkout, cloned when missing, with its dependencies in this venv."""
    if not (checkout / "main.py").exists():
        subprocess.run(["git", "clone", "--depth", "1", ORIGINAL_REPO, str(checkout)], check=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "-r", str(checkout / "requirements.txt")], check=True)
    commit = subprocess.run(["git", "-C", str(checkout), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    return commit or "unknown"


def measure_original(checkout):
    commit = locate_original(checkout)
    receiver = Receiver()
    try:
        for app in APPS:
            run.wait_for_quiet()
            server = Original(checkout, receiver.port, app)
            try:
                switch(server, app)
                result = {"server": "original", "commit": commit, "app": app, "fps": FPS,
                          "idle": window(receiver, IDLE_SECS, server), "load": []}
                for clients in LOAD_LEVELS["original"]:
                    result["load"].append(under_load(receiver, server, clients, timeout=240))
            finally:
                server.stop()
            save(result)
    finally:
        receiver.stop()


def save(result):
    path = run.RESULTS / f"pacing-{result['server']}-{result['app']}.json"
    path.write_text(json.dumps(result, indent=1))
    print(f"wrote {path}", flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--original", type=Path, default=run.BENCH / "original" / "checkout",
                        help="checkout of lancewilhelm/retroboard (cloned there when missing)")
    parser.add_argument("--only", choices=["retroboard", "original", "starlark"], action="append")
    parser.add_argument("--name", default="retroboard", help="label of the RetroBoard build in the results")
    parser.add_argument("--binary", type=Path, default=TARGET / "retroboard", help="the RetroBoard build to measure")
    parser.add_argument("--results", type=Path, default=run.RESULTS, help="where the JSON goes")
    args = parser.parse_args(argv)
    run.RESULTS = args.results
    run.RETROBOARD, run.LOADGEN = args.binary, TARGET / "retroboard-loadgen"
    run.RESULTS.mkdir(exist_ok=True)
    os.sched_setaffinity(0, {int(run.LOADGEN_CPU)})
    if "retroboard" in (args.only or ["retroboard"]):
        measure_retroboard(args.name)
    if "starlark" in (args.only or []):
        measure_starlark(args.name)
    if "original" in (args.only or ["original"]):
        measure_original(args.original.resolve())


if __name__ == "__main__":
    main()
