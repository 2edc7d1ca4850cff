"""The live preview: binary `frame` events for subscribers only."""

import queue
import struct
import time

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


def frame_where(frames, wanted, what, within=10.0):
    """The first frame (width, height, pixels) for which `wanted` holds. Fails, naming `what`,
    if frames keep coming for `within` s without one."""
    deadline = time.monotonic() + within
    while True:
        frame = decode(frames.get(timeout=5))
        if wanted(frame):
            return frame
        if time.monotonic() > deadline:
            raise AssertionError(f"no {what} within {within} s; other frames kept coming")


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
        # Clock frames may still be in flight; the blank one must follow.
        frame_where(frames, lambda frame: not any(frame[2]), "blank frame after /api/stop")

        server.post("/api/switch", {"app": "stars", "config": {"spawn_rate": 20}})
        width, height, _ = frame_where(frames, lambda frame: any(frame[2]), "lit frame from the stars")
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
        # Let frames already sent drain (until 0.5 s of silence), then expect silence while the
        # stars keep changing. If unsubscribing does nothing, the silence never comes: give up
        # after a few seconds instead of draining forever.
        drain_deadline = time.monotonic() + 5.0
        while True:
            try:
                frames.get(timeout=0.5)
            except queue.Empty:
                break
            if time.monotonic() > drain_deadline:
                raise AssertionError("frames still coming 5 s after preview:unsubscribe")
        try:
            frames.get(timeout=1.0)
            raise AssertionError("frames kept coming after preview:unsubscribe")
        except queue.Empty:
            pass
    finally:
        client.disconnect()
