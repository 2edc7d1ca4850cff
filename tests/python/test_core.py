"""The contract as a python-socketio user sees it, against the release binary."""

import queue
import threading

import pytest
import socketio

from conftest import wait_for

STATE_EVENTS = ("apps_list", "current_app", "settings", "carousel_config")


class Recorder:
    """A socketio.Client that queues every event it receives."""

    def __init__(self, url: str, transports=None, reconnection=False):
        self.events: "queue.Queue[tuple[str, object]]" = queue.Queue()
        self.connects = 0
        self.client = socketio.Client(reconnection=reconnection, reconnection_delay=0.2,
                                      reconnection_delay_max=0.5)

        @self.client.event
        def connect():
            self.connects += 1

        @self.client.on("*")
        def any_event(event, data=None):
            self.events.put((event, data))

        self.client.connect(url, transports=transports, wait_timeout=10)

    def next(self, timeout=5.0):
        return self.events.get(timeout=timeout)

    def expect(self, name, timeout=5.0):
        event, data = self.next(timeout)
        assert event == name, f"expected {name}, got {event}: {data}"
        return data

    def state(self):
        return {name: self.expect(name) for name in STATE_EVENTS}

    def close(self):
        self.client.disconnect()


@pytest.fixture
def recorders():
    made = []

    def make(*args, **kwargs):
        recorder = Recorder(*args, **kwargs)
        made.append(recorder)
        return recorder

    yield make
    for recorder in made:
        recorder.close()


@pytest.mark.parametrize("transports", [None, ["websocket"]], ids=["polling-then-upgrade", "websocket-only"])
def test_initial_state_on_connect(server, recorders, transports):
    client = recorders(server.url, transports=transports)
    state = client.state()
    assert state["apps_list"] == {"apps": ["clock", "scroll_text", "stars", "image"], "current": "clock"}
    assert state["current_app"] == {"app": "clock", "config": {"font": "tom-thumb", "color": [255, 255, 255]}}
    assert state["settings"] == {"brightness": 100}
    assert state["carousel_config"] == {"enabled": False, "apps": [{"app": "clock", "duration": 10}],
                                        "current_index": 0}
    if transports is None:
        wait_for(lambda: client.client.transport() == "websocket")


def test_rest_changes_are_pushed_to_every_client(server, recorders):
    clients = [recorders(server.url), recorders(server.url, transports=["websocket"])]
    for client in clients:
        client.state()

    assert server.post("/api/switch", {"app": "stars", "config": {"fps": 20}}).json() == {"success": True, "app": "stars"}
    for client in clients:
        assert client.expect("current_app") == {"app": "stars", "config": {"spawn_rate": 1, "lifetime": 40, "fps": 20}}

    server.post("/api/settings", {"brightness": 55})
    for client in clients:
        assert client.expect("settings") == {"brightness": 55}


def test_request_state_resends_everything(server, recorders):
    client = recorders(server.url)
    client.state()
    server.post("/api/settings", {"brightness": 12})
    client.expect("settings")
    client.client.emit("request_state")
    assert client.state()["settings"] == {"brightness": 12}


def test_a_message_larger_than_the_read_buffer_arrives_whole(server, recorders):
    """The WebSocket read buffer is kept small; a message spanning many reads still works."""
    client = recorders(server.url, transports=["websocket"])
    client.state()
    client.client.emit("request_state", {"padding": "x" * 60_000})
    assert client.state()["current_app"] == server.get("/api/current").json()
    assert client.client.connected


def test_client_reconnects_after_a_restart_and_finds_the_state_intact(server, recorders):
    client = recorders(server.url, reconnection=True)
    client.state()
    server.post("/api/switch", {"app": "scroll_text", "config": {"text": "still here"}})
    client.expect("current_app")
    server.post("/api/settings", {"brightness": 61})
    client.expect("settings")

    assert server.restart() is server
    wait_for(lambda: client.connects >= 2, timeout=15)
    # The front end asks for the state on every (re)connect; the server also sends it unasked.
    client.client.emit("request_state")
    seen = {}
    while len(seen) < 4 or any(name not in seen for name in STATE_EVENTS):
        event, data = client.next(timeout=5)
        seen[event] = data
    assert seen["current_app"]["app"] == "scroll_text"
    assert seen["current_app"]["config"]["text"] == "still here"
    assert seen["settings"] == {"brightness": 61}


def test_sigterm_exits_cleanly_and_saves(server_factory, tmp_path):
    server = server_factory(state_file=tmp_path / "kept.json")
    server.post("/api/switch", {"app": "stars"})
    assert server.stop() == 0
    saved = (tmp_path / "kept.json").read_text()
    assert '"last_app": "stars"' in saved
