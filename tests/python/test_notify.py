"""Notifications over HTTP and Socket.IO, as an AWTRIX script or a python-socketio user sees them."""

import json
from pathlib import Path

import pytest
import socketio

from conftest import wait_for
from test_core import STATE_EVENTS, Recorder, recorders  # noqa: F401 (fixture)
from test_preview import frame_where, frames_client

FIXTURES = sorted((Path(__file__).resolve().parents[1] / "fixtures" / "awtrix_notify").glob("*.json"))
IDLE = {"active": None, "queued": 0}


def red(frame) -> bool:
    pixels = frame[2]
    return any(pixels[i:i + 3] == b"\xff\x00\x00" for i in range(0, len(pixels), 3))


def test_a_notification_shows_in_red_and_ends_after_its_duration(server):
    client, frames = frames_client(server.url)
    try:
        reply = server.post("/api/notify", {"text": "Hi", "color": "#FF0000", "duration": 1})
        assert (reply.status_code, reply.json()) == (200, {"success": True})
        frame_where(frames, red, "red notification")
        assert server.get("/api/notify").json()["active"]["text"] == "Hi"
        frame_where(frames, lambda frame: not red(frame) and any(frame[2]), "the clock again", within=15)
        assert server.get("/api/notify").json() == IDLE
    finally:
        client.disconnect()


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda path: path.stem)
def test_awtrix_style_bodies_are_accepted(server, fixture):
    reply = server.post("/api/notify", json.loads(fixture.read_text()))
    assert (reply.status_code, reply.json()) == (200, {"success": True})
    assert isinstance(server.get("/api/notify").json()["active"]["text"], str)


def test_held_notifications_queue_in_order_until_dismissed(server):
    for text in ("one", "two", "three"):
        assert server.post("/api/notify", {"text": text, "hold": True}).status_code == 200
    assert server.get("/api/notify").json()["queued"] == 2
    shown = []
    for _ in range(3):
        shown.append(server.get("/api/notify").json()["active"]["text"])
        assert server.post("/api/notify/dismiss").json() == {"success": True}
    assert shown == ["one", "two", "three"]
    assert server.get("/api/notify").json() == IDLE


def test_stack_false_replaces_the_one_showing(server):
    server.post("/api/notify", {"text": "old", "hold": True})
    server.post("/api/notify", {"text": "queued", "hold": True})
    server.post("/api/notify", {"text": "new", "hold": True, "stack": False})
    view = server.get("/api/notify").json()
    assert (view["active"]["text"], view["queued"]) == ("new", 1)


def test_a_full_queue_answers_429_and_keeps_what_it_has(server):
    for n in range(33):
        assert server.post("/api/notify", {"text": str(n), "hold": True}).status_code == 200
    before = server.get("/api/notify").json()
    reply = server.post("/api/notify", {"text": "more"})
    assert reply.status_code == 429 and list(reply.json()) == ["error"]
    assert server.get("/api/notify").json() == before


@pytest.mark.parametrize("body, named", [
    ({}, "'text'"),
    ({"text": "x", "color": "#12345G"}, "'color'"),
    ({"text": "x", "duration": 0}, "'duration'"),
    ({"text": "x", "repeat": "twice"}, "'repeat'"),
    ({"text": "x", "stack": "no"}, "'stack'"),
    ({"text": "x", "progress": -2}, "'progress'"),
    ({"text": [{"t": 1}]}, "'text'"),
    ({"text": "x", "icon": "no-such-icon"}, "unknown icon 'no-such-icon'"),
])
def test_bad_values_are_400_naming_the_key_and_change_nothing(server, body, named):
    server.post("/api/notify", {"text": "kept", "hold": True})
    before = server.get("/api/notify").json()
    reply = server.post("/api/notify", body)
    assert reply.status_code == 400
    assert named in reply.json()["error"]
    assert server.get("/api/notify").json() == before


def test_clients_get_the_event_on_change_and_initially_only_when_they_ask(server, recorders):  # noqa: F811
    recorder = recorders(server.url)
    recorder.state()
    server.post("/api/notify", {"text": "ping", "hold": True})
    assert recorder.expect("notification")["active"]["text"] == "ping"

    recorder.client.emit("request_state")
    assert list(recorder.state()) == list(STATE_EVENTS)
    recorder.client.emit("request_state", {"views": ["notification"]})
    recorder.state()
    assert recorder.expect("notification") == server.get("/api/notify").json()
