"""Cluster mode: several instances sharing one Redis, driven the way users drive them.

Every test gets its own redis-server on a free loopback port and three instances
with `--redis-url`; instances are talked to directly, except in the test through
nginx, which uses the shipped nginx.conf with its three-instance upstream.
"""

import socket
import struct
import subprocess
import threading
import time
import zlib

import pytest
import requests
import socketio

from conftest import BINARY, wait_for
from redis_server import RedisServer, redis_server  # noqa: F401 (fixture)
from services import free_port
from test_preview import decode, frames_client

INITIAL_EVENTS = {"apps_list", "current_app", "settings", "carousel_config"}
ROTATION = [{"app": "clock", "duration": 1}, {"app": "stars", "duration": 1},
            {"app": "scroll_text", "duration": 1}]


class Listener:
    """A python-socketio client recording every event with the time it arrived."""

    def __init__(self, url: str, transports=None):
        self.client = socketio.Client(reconnection=False)
        self.events: list[tuple[float, str, object]] = []
        self.lock = threading.Lock()
        self.client.on("*", self.record)
        self.client.connect(url, transports=transports, wait_timeout=10)

    def record(self, event, data=None):
        with self.lock:
            self.events.append((time.monotonic(), event, data))

    def received(self, event: str) -> list:
        with self.lock:
            return [data for _, name, data in self.events if name == event]

    def names(self) -> set[str]:
        with self.lock:
            return {name for _, name, _ in self.events}

    def first(self, event: str, data) -> float | None:
        """When `event` with `data` first arrived."""
        with self.lock:
            return next((at for at, name, payload in self.events if name == event and payload == data), None)


@pytest.fixture
def listeners():
    made: list[Listener] = []

    def connect(url: str, transports=None) -> Listener:
        listener = Listener(url, transports)
        made.append(listener)
        wait_for(lambda: INITIAL_EVENTS <= listener.names())
        return listener

    yield connect
    for listener in made:
        listener.client.disconnect()


@pytest.fixture
def cluster(redis_server, server_factory):  # noqa: F811 (fixture)
    """Three instances on one Redis; the first seeds the shared state."""
    return [server_factory("--ignore-state", "--redis-url", redis_server.url) for _ in range(3)]


def shared_view(server) -> dict:
    """Everything a client can read, as one instance reports it."""
    return {path: server.get(path).json() for path in
            ("/api/apps", "/api/current", "/api/settings", "/api/carousel",
             "/api/apps/clock/config", "/api/apps/scroll_text/config", "/api/apps/stars/config")}


def adapter_subscribers(redis) -> int:
    """How many instances' Socket.IO adapters listen for cross-instance broadcasts."""
    reply = redis.command("PUBSUB", "NUMSUB", "socket.io-request#/#").decode()
    return int(reply.split(":")[-1])


def panel_owners(servers) -> list:
    return [server for server in servers if server.process and server.get("/api/health").json()["panel_owner"]]


def test_change_posted_to_one_instance_reaches_clients_of_another_within_a_second(cluster, listeners):
    a, _, c = cluster
    listener = listeners(a.url)

    posted = time.monotonic()
    assert c.post("/api/switch", {"app": "stars"}).json() == {"success": True, "app": "stars"}
    wait_for(lambda: listener.first("current_app", c.get("/api/current").json()), timeout=1.0)
    assert listener.first("current_app", c.get("/api/current").json()) - posted < 1.0
    # One copy per change, not one per instance.
    time.sleep(0.3)
    assert [data["app"] for data in listener.received("current_app")] == ["clock", "stars"]


def test_concurrent_commands_through_two_instances_lose_nothing(cluster):
    a, b, c = cluster
    rounds = 40

    def texts():
        for i in range(rounds):
            assert a.post("/api/apps/scroll_text/config", {"text": f"text {i}"}).status_code == 200

    def brightness():
        for i in range(rounds):
            assert b.post("/api/settings", {"brightness": i}).status_code == 200

    def colors():
        for i in range(rounds):
            assert b.post("/api/apps/clock/config", {"color": [i, 0, 0]}).status_code == 200

    writers = [threading.Thread(target=job) for job in (texts, brightness, colors)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()

    # Each writer's last value survived the others' read-modify-write cycles.
    expected = {"text": f"text {rounds - 1}", "brightness": rounds - 1, "color": [rounds - 1, 0, 0]}
    wait_for(lambda: all(
        (s.get("/api/apps/scroll_text/config").json()["config"]["text"],
         s.get("/api/settings").json()["brightness"],
         s.get("/api/apps/clock/config").json()["config"]["color"])
        == (expected["text"], expected["brightness"], expected["color"])
        for s in cluster))
    views = [shared_view(server) for server in cluster]
    assert views[0] == views[1] == views[2]


def test_command_is_validated_against_the_shared_state(cluster):
    a, b, _ = cluster
    assert a.post("/api/stop").json() == {"success": True}
    # b never saw a command itself, but knows nothing is running.
    reply = b.post("/api/config", {"text": "x"})
    assert (reply.status_code, reply.json()) == (409, {"error": "No app is running"})


def test_exactly_one_instance_drives_the_carousel(cluster):
    wait_for(lambda: len(panel_owners(cluster)) == 1)
    time.sleep(1.5)  # several renewals later, still one
    assert len(panel_owners(cluster)) == 1


def test_killing_the_lease_holder_moves_the_carousel_on(cluster, listeners):
    assert cluster[0].post("/api/carousel", {"enabled": True, "apps": ROTATION}).status_code == 200
    owner = wait_for(lambda: panel_owners(cluster))[0]
    survivors = [server for server in cluster if server is not owner]
    listener = listeners(survivors[0].url)
    wait_for(lambda: len(listener.received("carousel_config")) >= 3)

    owner.process.kill()  # no clean shutdown: the lease has to expire
    owner.process.wait()
    killed_at = time.monotonic()
    time.sleep(0.3)  # a step the owner committed just before dying may still be on its way
    settled = time.monotonic()
    last_index = listener.received("carousel_config")[-1]["current_index"]

    def steps_since_kill():
        with listener.lock:
            return [(at, data["current_index"]) for at, name, data in listener.events
                    if name == "carousel_config" and at > settled]

    new_owner = wait_for(lambda: panel_owners(survivors), timeout=6)[0]
    first_at, first_index = wait_for(steps_since_kill, timeout=8)[0]
    assert first_at - killed_at < 6, "rotation resumed too late"
    # It continues from the entry that was showing, skipping none.
    assert first_index == (last_index + 1) % len(ROTATION)
    wait_for(lambda: len(steps_since_kill()) >= 3, timeout=4)
    assert [index for _, index in steps_since_kill()][:3] == [
        (last_index + step) % len(ROTATION) for step in (1, 2, 3)]
    assert panel_owners(survivors) == [new_owner]
    # Both survivors follow the same rotation (compared between steps).
    wait_for(lambda: shared_view(survivors[0]) == shared_view(survivors[1]))


def test_a_cleanly_stopped_owner_hands_over_without_waiting_for_the_lease_to_expire(cluster):
    owner = wait_for(lambda: panel_owners(cluster))[0]
    survivors = [server for server in cluster if server is not owner]
    assert owner.stop() == 0
    stopped_at = time.monotonic()
    wait_for(lambda: panel_owners(survivors), timeout=3)
    # The lease is released on shutdown, so the next attempt (every third of the 3 s TTL) wins.
    assert time.monotonic() - stopped_at < 2.0


def png_facts(png: bytes) -> tuple[int, int, bool]:
    """Width, height and whether any pixel is lit, read from the PNG's chunks."""
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    at, width, height, data = 8, 0, 0, b""
    while at < len(png):
        length, kind = struct.unpack_from(">I4s", png, at)
        body = png[at + 8:at + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack_from(">II", body)
        elif kind == b"IDAT":
            data += body
        at += 12 + length
    rows = zlib.decompress(data)
    stride = 1 + width * 3
    # Whatever a row's filter, an all-black row filters to zeros; only its filter-type byte may not be.
    lit = any(any(rows[row * stride + 1:(row + 1) * stride]) for row in range(height))
    return width, height, lit


def test_every_instance_shows_the_panel_owners_frames(cluster):
    owner = wait_for(lambda: panel_owners(cluster))[0]
    other = next(server for server in cluster if server is not owner)
    assert other.get("/api/current").json()["app"] == "clock"
    # This instance draws nothing itself: a lit frame can only be the owner's.
    wait_for(lambda: png_facts(other.get("/api/frame.png?scale=1").content) == (64, 32, True))

    client, frames = frames_client(other.url)
    try:
        width, height, pixels = decode(frames.get(timeout=2))
        assert (width, height, any(pixels)) == (64, 32, True), "a subscriber gets the owner's frame"

        other.post("/api/switch", {"app": "stars", "config": {"spawn_rate": 20}})
        seen = set()
        deadline = time.monotonic() + 5
        while len(seen) < 5 and time.monotonic() < deadline:
            seen.add(frames.get(timeout=2))
        assert len(seen) >= 5, "the owner's live frames reach subscribers of other instances"

        owner.post("/api/stop")
        wait_for(lambda: png_facts(other.get("/api/frame.png?scale=2").content) == (128, 64, False))
    finally:
        client.disconnect()


def test_instances_ride_out_a_redis_outage(redis_server, cluster, listeners):  # noqa: F811 (fixture)
    a, b, c = cluster
    assert adapter_subscribers(redis_server) == 3
    assert a.post("/api/settings", {"brightness": 30}).status_code == 200
    listener = listeners(b.url)
    wait_for(lambda: {"brightness": 30} in listener.received("settings"))

    redis_server.stop()
    reply = c.post("/api/settings", {"brightness": 60})
    assert reply.status_code == 503
    assert reply.json()["error"].startswith("State store unavailable: ")
    # Reads, connected clients and new connections carry on with the last known state.
    assert [server.get("/api/settings").json() for server in cluster] == [{"brightness": 30}] * 3
    latecomer = listeners(c.url)
    assert latecomer.received("settings")[-1] == {"brightness": 30}
    assert all(server.process.poll() is None for server in cluster)
    assert listener.client.connected

    redis_server.start()  # same port, and empty: the instances seed it from their mirrors
    reply = wait_for(lambda: (r := c.post("/api/settings", {"brightness": 60})).status_code == 200 and r,
                     timeout=10, interval=0.2)
    assert reply.json() == {"success": True}
    wait_for(lambda: {"brightness": 60} in listener.received("settings"))
    wait_for(lambda: [server.get("/api/settings").json() for server in cluster] == [{"brightness": 60}] * 3)
    # The Socket.IO adapters subscribed again too, so cross-instance broadcasts resume.
    wait_for(lambda: adapter_subscribers(redis_server) == 3)
    assert any("lost Redis" in line for line in c.log)
    assert any("Redis is reachable again" in line for line in c.log)


def test_sticky_nginx_in_front_of_three_instances(cluster, proxy_factory, listeners):
    """The documented setup: nginx with ip_hash over three instances sharing Redis."""
    proxy = proxy_factory("nginx", [server.port for server in cluster])
    through_proxy = listeners(proxy.url)  # polling first, then the upgrade, like the front end
    wait_for(lambda: through_proxy.client.transport() == "websocket")
    direct = [listeners(server.url) for server in cluster]

    for value, server in zip((11, 22, 33), cluster):
        assert server.post("/api/settings", {"brightness": value}).status_code == 200
        wait_for(lambda: {"brightness": value} in through_proxy.received("settings"), timeout=1.0)
    reply = requests.post(proxy.url + "/api/switch", json={"app": "scroll_text"}, timeout=5)
    assert reply.json() == {"success": True, "app": "scroll_text"}
    for listener in direct:
        wait_for(lambda: listener.received("current_app")[-1]["app"] == "scroll_text", timeout=1.0)


def test_unreachable_redis_fails_fast_with_a_clear_message(tmp_path):
    port = free_port()  # nothing listens there
    started = time.monotonic()
    run = subprocess.run([str(BINARY), "--host", "127.0.0.1", "--port", "0", "--state-file",
                          str(tmp_path / "state.json"), "--redis-url", f"redis://127.0.0.1:{port}/"],
                         capture_output=True, text=True, timeout=20)
    assert run.returncode != 0
    assert f"cannot reach Redis at 127.0.0.1:{port}" in run.stderr
    assert time.monotonic() - started < 10


def test_redis_without_resp3_is_refused_at_startup(tmp_path):
    """A server that does not know HELLO (Redis 6 and older without RESP3) is named as the problem."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]

    def answer_like_old_redis():
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return  # closed at the end of the test
            with connection:
                while data := connection.recv(4096):
                    # One error per command; commands arrive pipelined, each a RESP array "*<n>".
                    commands = sum(1 for line in data.split(b"\r\n") if line.startswith(b"*"))
                    connection.sendall(b"-ERR unknown command 'HELLO'\r\n" * commands)

    threading.Thread(target=answer_like_old_redis, daemon=True).start()
    try:
        run = subprocess.run([str(BINARY), "--host", "127.0.0.1", "--port", "0", "--state-file",
                              str(tmp_path / "state.json"), "--redis-url", f"redis://127.0.0.1:{port}/"],
                             capture_output=True, text=True, timeout=20)
    finally:
        listener.close()
    assert run.returncode != 0
    assert "refused the RESP3 handshake (HELLO 3)" in run.stderr
    assert "needs Redis 7 or newer" in run.stderr


def test_a_notification_posted_to_any_instance_shows_on_the_panel(cluster):
    owner = wait_for(lambda: panel_owners(cluster))[0]
    other = next(server for server in cluster if server is not owner)
    client, frames = frames_client(other.url)
    try:
        reply = other.post("/api/notify", {"text": "Hi", "color": [255, 0, 0], "hold": True})
        assert reply.status_code == 200
        wait_for(lambda: all(s.get("/api/notify").json()["active"] is not None for s in cluster))
        def has_red(frame) -> bool:
            pixels = frame[2]
            return any(pixels[i:i + 3] == b"\xff\x00\x00" for i in range(0, len(pixels), 3))

        deadline = time.monotonic() + 10
        while not has_red(decode(frames.get(timeout=5))):
            assert time.monotonic() < deadline, "the owner never drew the notification"

        # Dismissed through a third instance, the owner's panel goes back to the clock.
        third = next(server for server in cluster if server not in (owner, other))
        assert third.post("/api/notify/dismiss").status_code == 200
        wait_for(lambda: owner.get("/api/notify").json() == {"active": None, "queued": 0})
        deadline = time.monotonic() + 10
        while has_red(decode(frames.get(timeout=5))):
            assert time.monotonic() < deadline, "the notification stayed on the panel"
    finally:
        client.disconnect()


def test_a_custom_app_posted_to_one_instance_is_an_app_on_every_one(cluster):
    a, b, c = cluster
    assert a.post("/api/custom?name=shared", {"text": "S", "color": [255, 0, 0], "pos": 0}).status_code == 200
    wait_for(lambda: all("shared" in s.get("/api/apps").json()["apps"] for s in cluster))
    assert b.post("/api/switch", {"app": "shared"}).status_code == 200
    wait_for(lambda: c.get("/api/current").json()["app"] == "shared")
    assert c.post("/api/custom?name=shared", {}).status_code == 200
    wait_for(lambda: all(s.get("/api/current").json()["app"] == "clock" for s in cluster))
    assert all(s.get("/api/carousel").json()["apps"] == [{"app": "clock", "duration": 10}] for s in cluster)
