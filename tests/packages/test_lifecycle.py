"""The amd64 package installed, started, upgraded, removed and purged on this machine, as dpkg does
it for a board owner: the arm packages hold the same scripts, unit and files, and differ only in
the binary, which test_binaries.py runs.

This changes the machine (a system user, /usr/bin/retroboard, /etc/default/retroboard), so it
runs only as root with RETROBOARD_TEST_INSTALL=1, which scripts/test-packages.sh sets: CI's
machine is thrown away afterwards. Without systemd running (a container), the service is started
the way its unit says (user, environment, options file, command line), read from the installed
unit itself, and `systemd-analyze verify` checks the unit offline."""

import os
import pwd
import shlex
import shutil
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
import requests

from conftest import built_debs

pytestmark = pytest.mark.skipif(
    os.environ.get("RETROBOARD_TEST_INSTALL") != "1" or os.geteuid() != 0,
    reason="installs a package for real: root with RETROBOARD_TEST_INSTALL=1 (scripts/test-packages.sh)")

UNIT = Path("/lib/systemd/system/retroboard.service")
OPTIONS = Path("/etc/default/retroboard")
STATE_DIR = Path("/var/lib/retroboard")
ENABLED = Path("/etc/systemd/system/multi-user.target.wants/retroboard.service")


def dpkg(*args: str) -> str:
    run = subprocess.run(["dpkg", *args], stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, f"dpkg {' '.join(args)}:\n{run.stdout}{run.stderr}"
    return run.stdout


def installed_version() -> str | None:
    run = subprocess.run(["dpkg-query", "-W", "-f=${db:Status-Status} ${Version}", "retroboard"],
                         capture_output=True, text=True)
    status, _, version = run.stdout.partition(" ")
    return version if run.returncode == 0 and status == "installed" else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def unit_settings() -> dict[str, list[str]]:
    """The installed unit's [Service] settings, each key with every value it is given."""
    settings: dict[str, list[str]] = {}
    section = None
    for line in UNIT.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            section = line
        elif section == "[Service]":
            key, value = line.split("=", 1)
            settings.setdefault(key, []).append(value)
    return settings


def environment_file(path: Path) -> dict[str, str]:
    """KEY=value lines as systemd reads an EnvironmentFile (quotes removed, comments skipped)."""
    values = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, value = line.split("=", 1)
            values[key] = " ".join(shlex.split(value))
    return values


class Service:
    """The service started as its unit describes: its user, its environment, its command."""

    def __init__(self):
        unit = unit_settings()
        user = pwd.getpwnam(unit["User"][0])
        # systemd makes the StateDirectory, owned by the service's user, before it starts.
        STATE_DIR.mkdir(mode=0o750, exist_ok=True)
        os.chown(STATE_DIR, user.pw_uid, user.pw_gid)
        env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin"}
        for assignment in unit.get("Environment", []):
            key, value = assignment.split("=", 1)
            env[key] = value
        for file in unit.get("EnvironmentFile", []):
            path = Path(file.removeprefix("-"))
            if path.exists() or not file.startswith("-"):
                env.update(environment_file(path))
        command = []
        for word in shlex.split(unit["ExecStart"][0]):
            # An unbraced $VAR is split into words, as systemd does.
            command += env.get(word[1:], "").split() if word.startswith("$") else [word]
        self.process = subprocess.Popen(
            ["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--clear-groups", "--", *command],
            env=env, stderr=subprocess.PIPE, text=True)
        self.log: list[str] = []
        threading.Thread(target=lambda: self.log.extend(self.process.stderr), daemon=True).start()
        self.url = f"http://127.0.0.1:{env['RETROBOARD_PORT']}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "".join(self.log)
            try:
                requests.get(f"{self.url}/api/health", timeout=5)
                return
            except requests.ConnectionError:
                time.sleep(0.1)
        self.stop()
        pytest.fail("the service did not answer")

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        assert self.process.wait(timeout=30) == 0, "".join(self.log)


@pytest.fixture(scope="module")
def amd64_deb() -> Path:
    debs = [d for d in built_debs() if d.name.startswith("retroboard_") and d.name.endswith("_amd64.deb")]
    assert debs, "scripts/package.sh built no amd64 package"
    return debs[0]


@pytest.fixture(scope="module")
def newer_deb(amd64_deb, tmp_path_factory) -> Path:
    """The same package with a higher version, as the next release would come."""
    tree = tmp_path_factory.mktemp("newer") / "tree"
    subprocess.run(["dpkg-deb", "-R", str(amd64_deb), str(tree)], check=True)
    control = tree / "DEBIAN" / "control"
    text = control.read_text()
    version = next(line for line in text.splitlines() if line.startswith("Version: "))
    control.write_text(text.replace(version, version + "+next"))
    newer = tree.parent / "retroboard_next_amd64.deb"
    subprocess.run(["dpkg-deb", "--root-owner-group", "-b", str(tree), str(newer)], check=True, capture_output=True)
    return newer


@pytest.fixture(scope="module")
def clean_machine():
    dpkg("--purge", "retroboard", "retroboard-rpi")
    shutil.rmtree(STATE_DIR, ignore_errors=True)
    yield
    dpkg("--purge", "retroboard", "retroboard-rpi")


def test_install_upgrade_remove_purge(amd64_deb, newer_deb, clean_machine):
    dpkg("-i", str(amd64_deb))
    assert installed_version()
    user = pwd.getpwnam("retroboard")
    assert user.pw_dir == str(STATE_DIR) and user.pw_uid < 1000, "a system user, at home in the state directory"
    assert ENABLED.resolve() == UNIT.resolve(), "enabled, so it starts at boot"
    verify = subprocess.run(["systemd-analyze", "verify", str(UNIT)], capture_output=True, text=True)
    assert verify.returncode == 0, verify.stderr

    # The owner sets an option; the service reads it and keeps its state where the unit says.
    port = free_port()
    OPTIONS.write_text(OPTIONS.read_text() + f"RETROBOARD_HOST=127.0.0.1\nRETROBOARD_PORT={port}\n")
    service = Service()
    assert requests.post(f"{service.url}/api/switch", json={"app": "stars"}, timeout=10).json()["success"]
    service.stop()
    state = STATE_DIR / "state.json"
    assert '"stars"' in state.read_text()
    assert state.stat().st_uid == user.pw_uid

    dpkg("-i", str(newer_deb))
    assert installed_version().endswith("+next")
    assert f"RETROBOARD_PORT={port}" in OPTIONS.read_text(), "the upgrade kept the owner's options"
    service = Service()
    assert requests.get(f"{service.url}/api/current", timeout=10).json()["app"] == "stars", "and the state"
    service.stop()

    dpkg("--remove", "retroboard")
    assert not Path("/usr/bin/retroboard").exists()
    assert '"stars"' in state.read_text(), "removing keeps the state"
    assert OPTIONS.exists(), "and the options"

    dpkg("--purge", "retroboard")
    assert not STATE_DIR.exists(), "purging removes the state"
    assert not OPTIONS.exists(), "and the options"
    assert not ENABLED.exists()
