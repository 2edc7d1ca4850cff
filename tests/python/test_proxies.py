"""The shipped nginx and Apache configs carry the REST API and Socket.IO to the server.

Servers run with a 1 s ping interval so that a connection kept for a few seconds
has lived through several heartbeats, each of which passes through the proxy.
"""

import shutil
import subprocess
import threading
import time

import pytest
import requests
import socketio

from conftest import ROOT, wait_for

PING = ("--ping-interval", "1s", "--ping-timeout", "2s")
INITIAL_EVENTS = {"apps_list", "current_app", "settings", "carousel_config"}
# socket.io-client's default, which the front end uses: polling first, then the upgrade.
TRANSPORTS = {"upgrade": None, "websocket": ["websocket"], "polling": ["polling"]}
FINAL_TRANSPORT = {"upgrade": "websocket", "websocket": "websocket", "polling": "polling"}


class Listener:
    """A Socket.IO client that records every event it receives, and any disconnect."""

    def __init__(self):
        self.client = socketio.Client(reconnection=False)
        self.events: list[tuple[str, object]] = []
        self.disconnects: list[object] = []
        self.lock = threading.Lock()
        self.client.on("*", self.record)
        self.client.on("disconnect", self.disconnected)

    def record(self, event, data=None):
        with self.lock:
            self.events.append((event, data))

    def disconnected(self, reason=None):
        self.disconnects.append(reason)

    def connect(self, url: str, transports) -> "Listener":
        self.client.connect(url, transports=transports, wait_timeout=10)
        return self

    def received(self, event: str) -> list:
        with self.lock:
            return [data for name, data in self.events if name == event]

    def names(self) -> set[str]:
        with self.lock:
            return {name for name, _ in self.events}


@pytest.fixture
def listeners():
    created: list[Listener] = []

    def connect(url: str, transports) -> Listener:
        listener = Listener()
        created.append(listener)
        return listener.connect(url, transports)

    yield connect
    for listener in created:
        listener.client.disconnect()


@pytest.fixture(params=["nginx", "apache"])
def proxied(request, server_factory, proxy_factory):
    """A server with a fast heartbeat, and the proxy under test in front of it."""
    server = server_factory(*PING)
    return server, proxy_factory(request.param, [server.port])


def brightness_pushed(listener: Listener, value: int) -> bool:
    return {"brightness": value} in listener.received("settings")


def test_health_through_proxy(proxied):
    _, proxy = proxied
    reply = requests.get(proxy.url + "/api/health", timeout=5)
    assert reply.status_code == 200
    assert reply.headers["content-type"].startswith("application/json")
    assert reply.json()["status"] == "ok"


def test_root_is_proxied_to_the_server(proxied):
    """The UI lives at / on the server; the proxy hands back exactly what the server says."""
    server, proxy = proxied
    direct = server.get("/")
    through = requests.get(proxy.url + "/", timeout=5)
    assert (through.status_code, through.content) == (direct.status_code, direct.content)


def test_rest_error_passes_through(proxied):
    _, proxy = proxied
    reply = requests.post(proxy.url + "/api/settings", json={"brightness": 101}, timeout=5)
    assert reply.status_code == 400
    assert reply.json() == {"error": "Brightness must be between 0 and 100"}


@pytest.mark.parametrize("mode", TRANSPORTS)
def test_socketio_through_proxy(proxied, listeners, mode):
    _, proxy = proxied
    listener = listeners(proxy.url, TRANSPORTS[mode])

    wait_for(lambda: INITIAL_EVENTS <= listener.names())
    assert listener.received("settings")[0] == {"brightness": 100}
    wait_for(lambda: listener.client.transport() == FINAL_TRANSPORT[mode])

    reply = requests.post(proxy.url + "/api/settings", json={"brightness": 42}, timeout=5)
    assert reply.json() == {"success": True}
    wait_for(lambda: brightness_pushed(listener, 42))


@pytest.mark.parametrize("mode", TRANSPORTS)
def test_connection_survives_several_pings(proxied, listeners, mode):
    _, proxy = proxied
    listener = listeners(proxy.url, TRANSPORTS[mode])
    wait_for(lambda: listener.client.transport() == FINAL_TRANSPORT[mode])
    sid = listener.client.get_sid()

    time.sleep(5)  # five ping intervals, each answered within the 2 s timeout

    assert listener.disconnects == []
    assert listener.client.connected and listener.client.get_sid() == sid
    assert listener.client.transport() == FINAL_TRANSPORT[mode]
    requests.post(proxy.url + "/api/settings", json={"brightness": 7}, timeout=5)
    wait_for(lambda: brightness_pushed(listener, 7))
    listener.client.emit("request_state")
    wait_for(lambda: len(listener.received("carousel_config")) >= 2)


@pytest.mark.parametrize("name", ["nginx", "apache"])
def test_sticky_upstream_of_three_instances(name, server_factory, proxy_factory, listeners):
    """The documented several-instance setup: polling then upgrade lands on one instance."""
    servers = [server_factory(*PING) for _ in range(3)]
    proxy = proxy_factory(name, [server.port for server in servers])
    clients = [listeners(proxy.url, None) for _ in range(3)]
    for listener in clients:
        wait_for(lambda: INITIAL_EVENTS <= listener.names())
        wait_for(lambda: listener.client.transport() == "websocket")
    time.sleep(2)
    assert all(listener.disconnects == [] and listener.client.connected for listener in clients)


def test_systemd_unit_verifies(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.fail("systemd-analyze is not installed: run scripts/install-proxies.sh", pytrace=False)
    binary = ROOT / "target" / "release" / "retroboard"
    unit = tmp_path / "retroboard.service"
    text = (ROOT / "deploy" / "systemd" / "retroboard.service").read_text()
    assert "\nExecStart=/usr/local/bin/retroboard\n" in text
    # verify also checks that ExecStart exists, so point it at the binary just built.
    unit.write_text(text.replace("ExecStart=/usr/local/bin/retroboard", f"ExecStart={binary}"))

    verify = subprocess.run([analyze, "verify", str(unit)], capture_output=True, text=True)
    # Unknown keys and bad values are only warnings with a zero exit code, so stderr must be empty too.
    assert (verify.returncode, verify.stderr) == (0, "")

    # The threshold is the exposure level times ten: 2.0 of 10 is "OK"; an unhardened unit scores 9.5.
    security = subprocess.run([analyze, "security", "--offline=true", "--threshold=20", str(unit)],
                              capture_output=True, text=True)
    assert security.returncode == 0, security.stdout + security.stderr
