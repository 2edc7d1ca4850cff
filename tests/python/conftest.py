"""Fixtures that run the real release binary, the way users run it."""

import os
import re
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("RETROBOARD_BIN", ROOT / "target" / "release" / "retroboard"))
LISTENING = re.compile(r"listening on http://([\d.]+):(\d+)")


class Server:
    """One retroboard process on 127.0.0.1; `restart()` brings it back on the same port."""

    def __init__(self, state_file: Path, extra_args: list[str]):
        self.state_file = state_file
        self.extra_args = extra_args
        self.port = 0
        self.process = None
        self.log: list[str] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 10.0) -> "Server":
        args = [str(BINARY), "--host", "127.0.0.1", "--port", str(self.port),
                "--state-file", str(self.state_file), *self.extra_args]
        self.process = subprocess.Popen(args, stderr=subprocess.PIPE, text=True,
                                        env={**os.environ, "RUST_LOG": "info"})
        found = threading.Event()

        def read_log(stream):
            for line in stream:
                self.log.append(line)
                match = LISTENING.search(line)
                if match and not found.is_set():
                    self.port = int(match.group(2))
                    found.set()

        threading.Thread(target=read_log, args=(self.process.stderr,), daemon=True).start()
        if not found.wait(timeout):
            self.stop()
            raise RuntimeError("server did not start:\n" + "".join(self.log))
        return self

    def stop(self, timeout: float = 10.0) -> int:
        """Sends SIGTERM and returns the exit code."""
        if self.process is None:
            return 0
        self.process.send_signal(signal.SIGTERM)
        try:
            code = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = self.process.wait()
        self.process = None
        return code

    def restart(self) -> "Server":
        self.stop()
        return self.start()

    def get(self, path: str):
        return requests.get(self.url + path, timeout=5)

    def post(self, path: str, body=None):
        return requests.post(self.url + path, json=body, timeout=5)


@pytest.fixture
def server_factory(tmp_path):
    """Starts servers with extra CLI args; every one is stopped at teardown."""
    started: list[Server] = []

    def start(*extra_args: str, state_file: Path | None = None) -> Server:
        server = Server(state_file or tmp_path / f"state-{len(started)}.json", list(extra_args))
        started.append(server)
        return server.start()

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def server(server_factory):
    return server_factory()


def wait_for(predicate, timeout: float = 5.0, interval: float = 0.02):
    """Polls `predicate` until it returns something truthy, or fails the test."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout} s")
