"""The live preview: binary `frame` events for subscribers only."""

import queue
import struct

import socketio


def frames_client(url, subscribe=True):
    frames: "queue.Queue[bytes]" = queue.Queue()
    client = socketio.Client(reconnection=False)
    client.on("frame", lambda data: frames.put(data))
    client.connect(url, transports=["websocket"], wait_timeout=10)
    if subscribe:
        client.emit("preview:subscribe")
    return client, frames


def decode(payload: bytes):
    width, height = struct.unpack_from("<HH", payload)
    return width, height, payload[4:]


def test_subscribers_get_frames_that_follow_the_app(server_factory):
    server = server_factory("--width", "40", "--height", "16", "--preview-fps", "20")
    client, frames = frames_client(server.url)
    idle, idle_frames = frames_client(server.url, subscribe=False)
    try:
        width, height, pixels = decode(frames.get(timeout=5))
        assert isinstance(pixels, bytes)
        assert (width, height, len(pixels)) == (40, 16, 40 * 16 * 3)
        assert any(pixels), "the clock lights some LEDs"

        server.post("/api/stop")
        while any(decode(frames.get(timeout=5))[2]):
            pass  # clock frames still in flight; the blank one must follow

        server.post("/api/switch", {"app": "stars", "config": {"spawn_rate": 20}})
        width, height, pixels = decode(frames.get(timeout=5))
        while not any(pixels):
            width, height, pixels = decode(frames.get(timeout=5))
        assert (width, height) == (40, 16)

        client.emit("preview:unsubscribe")
        assert idle_frames.empty(), "a client that never subscribed gets no frames"
    finally:
        client.disconnect()
        idle.disconnect()


def test_unsubscribing_stops_the_frames(server):
    server.post("/api/switch", {"app": "stars", "config": {"spawn_rate": 10}})
    client, frames = frames_client(server.url)
    try:
        frames.get(timeout=5)
        client.emit("preview:unsubscribe")
        # Let frames already sent drain, then expect silence while the stars keep changing.
        try:
            while True:
                frames.get(timeout=0.5)
        except queue.Empty:
            pass
        try:
            frames.get(timeout=1.0)
            raise AssertionError("frames kept coming after preview:unsubscribe")
        except queue.Empty:
            pass
    finally:
        client.disconnect()
