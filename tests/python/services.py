"""What the test-started services (proxies, Redis, mosquitto) share: a free
loopback port, their Debian binary, and a stop that does not hang."""

import shutil
import socket
import subprocess

import pytest


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def find_binary(name: str, install_hint: str) -> str:
    """Fails the test, rather than skipping it, when the service is missing."""
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin:/usr/bin")
    if found is None:
        pytest.fail(f"{name} is not installed: {install_hint}", pytrace=False)
    return found


def stop(process: subprocess.Popen, timeout: float = 10.0) -> None:
    """Asks `process` to end, and kills it if it has not within `timeout`."""
    process.terminate()
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
