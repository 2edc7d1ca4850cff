"""Each packaged binary, run on this machine (ARM ones under qemu-user through the target's own
dynamic loader): it says what it is, explains itself, and serves the board on a free loopback
port. readelf shows it is built for the board it is packaged for."""

import contextlib
import io
import os
import re
import shlex
import signal
import subprocess
import threading
import time

import requests
from PIL import Image

from conftest import ROOT, built_debs

TRIPLES = {"amd64": "x86_64-unknown-linux-gnu", "arm64": "aarch64-unknown-linux-gnu",
           "armhf": "armv7-unknown-linux-gnueabihf"}
MACHINES = {"amd64": "Advanced Micro Devices X86-64", "arm64": "AArch64", "armhf": "ARM"}
INTERPRETERS = {"amd64": "/lib64/ld-linux-x86-64.so.2", "arm64": "/lib/ld-linux-aarch64.so.1",
                "armhf": "/lib/ld-linux-armhf.so.3"}
# Raspberry Pi OS bookworm's glibc: a binary needing a newer symbol does not start there.
NEWEST_GLIBC = (2, 36)
LISTENING = re.compile(r"listening on http://127\.0\.0\.1:(\d+)")


def cargo_version() -> str:
    return re.search(r'^version = "(.+)"$', (ROOT / "Cargo.toml").read_text(), re.M).group(1)


def test_dist_holds_every_package():
    """Every architecture and flavour asked of scripts/package.sh is there (all of them unless
    RETROBOARD_EXPECT_PACKAGES names a part, as scripts/test-packages.sh does)."""
    names = {d.name.split("_")[0] + ":" + d.stem.split("_")[-1] for d in built_debs()}
    everything = ("retroboard:amd64,retroboard:arm64,retroboard-rpi:arm64,retroboard:armhf,"
                  "retroboard-rpi:armhf")
    assert names == set(os.environ.get("RETROBOARD_EXPECT_PACKAGES", everything).split(","))


def test_version_names_the_version_commit_features_and_target(deb):
    out = subprocess.run(deb.command("--version"), check=True, capture_output=True, text=True, timeout=120).stdout
    features = "rpi" if deb.rpi else "none"
    assert out.strip() == (f"retroboard {cargo_version()} (commit {deb.commit}, features: {features}, "
                           f"{TRIPLES[deb.arch]})")


def test_help_lists_the_options_and_their_variables(deb):
    out = subprocess.run(deb.command("--help"), check=True, capture_output=True, text=True, timeout=120).stdout
    for option in ("--display", "--hardware", "--port", "--state-file", "--trim-memory", "RETROBOARD_DISPLAY"):
        assert option in out
    port_option = out.split("--port <PORT>", 1)[1].split("\n  -", 1)[0]
    assert "[default: 5000]" in port_option, "the service listens on port 5000"


@contextlib.contextmanager
def served(deb, tmp_path, *args: str):
    """The packaged binary serving on a free loopback port: yields its URL, then stops it with
    SIGTERM and checks it exited cleanly."""
    state = tmp_path / "state.json"
    process = subprocess.Popen(
        deb.command("--host", "127.0.0.1", "--port", "0", "--state-file", str(state), "--panel-priority", "normal",
                    *args),
        stderr=subprocess.PIPE, text=True)
    port, log = [], []

    def read_log():
        for line in process.stderr:
            log.append(line)
            if not port and (match := LISTENING.search(line)):
                port.append(int(match.group(1)))

    threading.Thread(target=read_log, daemon=True).start()
    try:
        deadline = time.monotonic() + 120
        while not port and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.1)
        assert port, "no listening line:\n" + "".join(log)
        yield f"http://127.0.0.1:{port[0]}"
    finally:
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=60)
    assert code == 0, "".join(log)


def test_the_server_answers_a_command_and_draws_frames(deb, tmp_path):
    with served(deb, tmp_path) as url:
        health = requests.get(f"{url}/api/health", timeout=30).json()
        assert health["status"] == "ok" and health["current_app"] == "clock"

        switched = requests.post(f"{url}/api/switch", json={"app": "stars"}, timeout=30)
        assert switched.json() == {"success": True, "app": "stars"}
        assert requests.get(f"{url}/api/current", timeout=30).json()["app"] == "stars"

        frame = requests.get(f"{url}/api/frame.png?scale=2", timeout=30)
        assert frame.headers["content-type"] == "image/png"
        assert Image.open(io.BytesIO(frame.content)).size == (128, 64)
    assert '"stars"' in (tmp_path / "state.json").read_text(), "the state saved on SIGTERM keeps the app"


def readelf(*args: str) -> str:
    return subprocess.run(["readelf", "--wide", *args], check=True, capture_output=True, text=True).stdout


BARS_APP = """load("render.star", "render")
def main(config):
    widths = [n * 2 for n in range(1, 9)]
    return render.Root(child = render.Row(children = [
        render.Box(width = w, height = 32, color = "#f00" if w % 4 else "#00f") for w in widths]))
"""


def test_the_binary_runs_a_starlark_app(deb, tmp_path):
    """The Starlark interpreter works on the packaged machine, 32-bit ARM included: an installed
    app renders in a worker process and shows on the panel."""
    apps = tmp_path / "apps"
    (apps / "bars").mkdir(parents=True)
    (apps / "bars" / "bars.star").write_text(BARS_APP)
    # Under qemu-user the binary runs through its loader, so it cannot start its workers as
    # itself: they are started through the same emulation.
    worker = tmp_path / "worker"
    worker.write_text(f'#!/bin/sh\nexec {shlex.join(deb.command())} "$@"\n')
    worker.chmod(0o755)
    # Boxes 2, 4, 6, ... wide: red where the width is not a multiple of 4, blue where it is.
    expected = []
    for width in range(2, 17, 2):
        expected += [(255, 0, 0) if width % 4 else (0, 0, 255)] * width
    with served(deb, tmp_path, "--apps-dir", str(apps), "--starlark-worker", str(worker)) as url:
        installed = requests.post(f"{url}/api/starlark/installations", json={"app": "bars", "name": "bars"},
                                  timeout=30)
        assert installed.ok, installed.text
        assert requests.post(f"{url}/api/switch", json={"app": "bars"}, timeout=30).ok
        deadline, row = time.monotonic() + 180, []
        while time.monotonic() < deadline:
            frame = requests.get(f"{url}/api/frame.png?scale=1", timeout=30)
            picture = Image.open(io.BytesIO(frame.content)).convert("RGB")
            row = [picture.getpixel((x, 16)) for x in range(64)]
            if row == expected[:64]:
                break
            time.sleep(0.5)
        status = requests.get(f"{url}/api/starlark/installations", timeout=30).text
        assert row == expected[:64], status


def test_the_binary_is_for_the_packaged_machine_and_its_glibc(deb):
    assert re.search(rf"Machine:\s+{re.escape(MACHINES[deb.arch])}$", readelf("-h", str(deb.binary)), re.M)
    assert f"[Requesting program interpreter: {INTERPRETERS[deb.arch]}]" in readelf("-l", str(deb.binary))
    needed = {tuple(int(n) for n in v.split(".")) for v in re.findall(r"GLIBC_(\d+(?:\.\d+)+)",
                                                                     readelf("-V", str(deb.binary)))}
    assert needed, "the binary names glibc's symbol versions"
    assert max(needed) <= NEWEST_GLIBC, f"needs glibc {'.'.join(map(str, max(needed)))}"


def test_the_binary_is_stripped(deb):
    assert ".symtab" not in readelf("-S", str(deb.binary))
