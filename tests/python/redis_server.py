"""A private redis-server for the cluster tests, on a free loopback port, stoppable and restartable."""

import socket
import subprocess
import time

import pytest

from services import find_binary, free_port, stop

INSTALL_HINT = "run scripts/install-redis.sh (as root) to install Debian's redis-server"


class RedisServer:
    """redis-server without persistence: a restart comes back empty, as after losing the data."""

    def __init__(self):
        self.binary = find_binary("redis-server", INSTALL_HINT)
        self.port = free_port()
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/"

    def command(self, *args: str) -> bytes:
        """Sends one inline command and returns the raw reply (enough for PING and GET)."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=2) as connection:
            connection.sendall((" ".join(args) + "\r\n").encode())
            return connection.recv(65536)

    def start(self, timeout: float = 10.0) -> "RedisServer":
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"redis-server exited with {self.process.returncode}")
            try:
                if self.command("PING").startswith(b"+PONG"):
                    return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"redis-server did not answer on port {self.port}")

    def stop(self, timeout: float = 10.0) -> None:
        if self.process is not None:
            stop(self.process, timeout)
            self.process = None


@pytest.fixture
def redis_server():
    server = RedisServer().start()
    yield server
    server.stop()
