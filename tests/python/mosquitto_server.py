"""A private mosquitto for the MQTT tests, on a free loopback port, without persistence."""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from services import find_binary, free_port, stop

INSTALL_HINT = "run scripts/install-test-deps.sh (as root) to install Debian's mosquitto"


class MosquittoServer:
    """mosquitto allowing anonymous clients; a restart comes back without retained messages."""

    def __init__(self):
        self.binary = find_binary("mosquitto", INSTALL_HINT)
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="mosquitto-"))
        config = f"listener {self.port} 127.0.0.1\npersistence false\nallow_anonymous true\n"
        if os.geteuid() == 0:
            # Stay root rather than drop to a user who cannot read the temporary directory.
            config += "user root\n"
        (self.dir / "mosquitto.conf").write_text(config)
        self.process = None

    @property
    def url(self) -> str:
        return f"mqtt://127.0.0.1:{self.port}"

    def start(self, timeout: float = 10.0) -> "MosquittoServer":
        self.process = subprocess.Popen([self.binary, "-c", str(self.dir / "mosquitto.conf")],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"mosquitto exited with {self.process.returncode}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"mosquitto did not listen on port {self.port}")

    def stop(self, timeout: float = 10.0) -> None:
        if self.process is not None:
            stop(self.process, timeout)
            self.process = None
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def mosquitto():
    server = MosquittoServer().start()
    yield server
    server.stop()
