"""Custom apps over HTTP and Socket.IO, as an AWTRIX script or a python-socketio user sees them."""

import pytest

from test_core import Recorder, recorders  # noqa: F401 (fixture)
from test_preview import frame_where, frames_client

BUILTIN = ["clock", "scroll_text", "stars", "image"]


def red(frame) -> bool:
    pixels = frame[2]
    return any(pixels[i:i + 3] == b"\xff\x00\x00" for i in range(0, len(pixels), 3))


def test_a_custom_app_can_be_listed_switched_to_and_deleted(server):
    reply = server.post("/api/custom?name=weather", {"text": "21C", "color": "FF0000"})
    assert (reply.status_code, reply.json()) == (200, {"success": True})
    assert server.get("/api/apps").json()["apps"] == [*BUILTIN, "weather"]
    assert server.get("/api/apps/weather/schema").json() == {"app": "weather", "fields": []}

    client, frames = frames_client(server.url)
    try:
        assert server.post("/api/switch", {"app": "weather"}).status_code == 200
        frame_where(frames, red, "the custom app in red")
        assert server.post("/api/custom?name=weather", {}).status_code == 200
        assert server.get("/api/current").json()["app"] == "clock"
        frame_where(frames, lambda frame: not red(frame) and any(frame[2]), "the clock again")
    finally:
        client.disconnect()


def test_an_array_body_posts_numbered_apps_into_the_carousel(server):
    body = [{"text": "a", "pos": 0}, {"text": "b", "pos": 1, "duration": 2}]
    assert server.post("/api/custom?name=s", body).status_code == 200
    assert server.get("/api/apps").json()["apps"] == [*BUILTIN, "s0", "s1"]
    assert [entry["app"] for entry in server.get("/api/carousel").json()["apps"]] == ["s0", "s1", "clock"]


@pytest.mark.parametrize("path, body", [
    ("/api/custom", {"text": "x"}),
    ("/api/custom?name=clock", {"text": "x"}),
    ("/api/custom?name=bad!name", {"text": "x"}),
    ("/api/custom?name=ok", {"text": "x", "pos": -1}),
    ("/api/custom?name=ok", {"text": "x", "icon": "no-such-icon"}),
    ("/api/custom?name=ok", [1, 2]),
])
def test_bad_requests_are_400_and_change_nothing(server, path, body):
    reply = server.post(path, body)
    assert reply.status_code == 400 and list(reply.json()) == ["error"]
    assert server.get("/api/apps").json()["apps"] == BUILTIN


def test_saved_apps_come_back_after_a_restart(server):
    server.post("/api/custom?name=kept", {"text": "K", "save": True})
    server.post("/api/custom?name=gone", {"text": "G"})
    server.restart()
    assert server.get("/api/apps").json()["apps"] == [*BUILTIN, "kept"]


def test_clients_follow_custom_apps_as_they_come_and_go(server, recorders):  # noqa: F811
    recorder = recorders(server.url)
    recorder.state()
    server.post("/api/custom?name=news", {"text": "hello"})
    assert recorder.expect("custom_apps") == {"apps": ["news"], "lifetimes": {}}
    recorder.client.emit("request_state", {"views": ["custom_apps"]})
    assert recorder.state()["apps_list"]["apps"] == [*BUILTIN, "news"]
    assert recorder.expect("custom_apps") == {"apps": ["news"], "lifetimes": {}}
    server.post("/api/custom?name=news", None)
    assert recorder.expect("custom_apps") == {"apps": [], "lifetimes": {}}
