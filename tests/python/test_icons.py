"""The icon and picture libraries over HTTP against the release binary:
uploads, previews, deletion, icons kept across a restart, and hostile uploads
refused with a JSON error while memory stays flat and nothing is stored."""

import http.client
import io
import json
import re
import time
import zlib
from pathlib import Path

import requests
from PIL import Image


def png(width, height, color=(255, 0, 0, 255)):
    out = io.BytesIO()
    Image.new("RGBA", (width, height), color).save(out, "PNG")
    return out.getvalue()


def gif(size, colors, duration_ms=100):
    frames = [Image.new("RGB", (size, size), color) for color in colors]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=duration_ms, loop=0)
    return out.getvalue()


def webp(width, height):
    out = io.BytesIO()
    Image.new("RGB", (width, height), (0, 0, 255)).save(out, "WEBP", lossless=True)
    return out.getvalue()


def put(server, name, body, content_type="application/octet-stream", library="icons"):
    return requests.put(f"{server.url}/api/{library}/{name}", data=body, headers={"Content-Type": content_type}, timeout=30)


def rss_mib(server):
    status = Path(f"/proc/{server.process.pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024


def icon_files(server, library="icons"):
    folder = server.state_file.parent / "retroboard-data" / library
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def test_built_in_icons_are_listed_and_served_as_png(server):
    icons = {icon["name"]: icon for icon in server.get("/api/icons").json()["icons"]}
    assert {"sun", "heart", "check", "bell"} <= icons.keys()
    assert icons["heart"] == {"name": "heart", "width": 8, "height": 8, "frames": 1, "builtin": True}
    reply = server.get("/api/icons/heart")
    assert reply.status_code == 200 and reply.headers["content-type"] == "image/png"
    assert Image.open(io.BytesIO(reply.content)).size == (8, 8)


def test_uploads_are_listed_served_kept_across_a_restart_and_deleted(server):
    still = png(8, 8)
    reply = put(server, "washer", still, "image/png")
    assert reply.status_code == 200, reply.text
    assert reply.json() == {"name": "washer", "width": 8, "height": 8, "frames": 1, "builtin": False}

    animated = gif(16, [(255, 0, 0), (0, 255, 0), (0, 0, 255)])
    assert put(server, "spinner", animated).json()["frames"] == 3
    assert put(server, "drop-blue", webp(12, 6)).json()["width"] == 12
    assert icon_files(server) == ["drop-blue", "spinner", "washer"]

    served = server.get("/api/icons/spinner")
    assert served.headers["content-type"] == "image/gif" and served.content == animated

    server.restart()
    names = {icon["name"] for icon in server.get("/api/icons").json()["icons"] if not icon["builtin"]}
    assert names == {"washer", "spinner", "drop-blue"}

    deleted = requests.delete(f"{server.url}/api/icons/washer", timeout=5)
    assert deleted.json() == {"success": True, "icon": "washer"}
    assert server.get("/api/icons/washer").status_code == 404
    assert icon_files(server) == ["drop-blue", "spinner"]
    refused = requests.delete(f"{server.url}/api/icons/heart", timeout=5)
    assert refused.status_code == 400 and "built-in" in refused.json()["error"]
    assert requests.delete(f"{server.url}/api/icons/nothing", timeout=5).status_code == 404


def test_bad_names_and_images_are_refused_by_name(server):
    cases = [
        ("big", png(33, 8), "33 x 8; icons are at most 32 x 32"),
        ("text", b"hello, world", "not a PNG, GIF or WebP"),
        ("half", png(8, 8)[:40], "cannot be decoded"),
        ("x" * 33, png(8, 8), "invalid icon name"),
        ("dot.dot", png(8, 8), "invalid icon name"),
    ]
    for name, body, message in cases:
        reply = put(server, name, body)
        assert reply.status_code == 400, (name, reply.text)
        assert message in reply.json()["error"], (name, reply.json())
    assert icon_files(server) == []


def test_hostile_uploads_are_refused_with_memory_flat_and_nothing_stored(server_factory):
    server = server_factory("--max-payload", "2000000")
    before = rss_mib(server)

    # 100 MB announced: refused from the Content-Length, before any of the body is sent.
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    connection.putrequest("PUT", "/api/icons/huge")
    connection.putheader("Content-Type", "image/png")
    connection.putheader("Content-Length", str(100 * 1024 * 1024))
    connection.endheaders()
    response = connection.getresponse()
    assert response.status == 413
    assert json.loads(response.read()) == {"error": "Request body is too large"}
    connection.close()

    # A PNG whose header claims 20000 x 20000 pixels is refused from the header alone.
    claim = bytearray(png(1, 1))
    claim[16:24] = (20000).to_bytes(4, "big") * 2
    claim[29:33] = zlib.crc32(bytes(claim[12:29])).to_bytes(4, "big")
    reply = put(server, "claim", bytes(claim))
    assert reply.status_code == 400 and "20000 x 20000" in reply.json()["error"]

    # 10000 frames: decoding stops at the limit.
    many = gif(1, [(index % 256, 0, 0) for index in range(10000)], duration_ms=20)
    assert len(many) < 2_000_000
    reply = put(server, "many", many)
    assert reply.status_code == 400 and "more than 256 frames" in reply.json()["error"]

    # Truncated and corrupt animations.
    animated = gif(16, [(255, 0, 0), (0, 255, 0)])
    for body in [animated[: len(animated) // 2], animated[:20] + b"\x00" * 200]:
        reply = put(server, "broken", body)
        assert reply.status_code == 400 and reply.json()["error"]

    after = rss_mib(server)
    assert after - before < 40, f"RSS grew from {before:.1f} to {after:.1f} MiB"
    assert icon_files(server) == []
    assert server.get("/api/health").status_code == 200


def test_an_uploaded_icon_shows_in_a_notification(server):
    assert put(server, "leaf", png(4, 4, (0, 255, 0, 255))).status_code == 200
    assert server.post("/api/notify", {"icon": "leaf", "hold": True}).status_code == 200

    def leaf_drawn():
        frame = Image.open(io.BytesIO(server.get("/api/frame.png?scale=1").content)).convert("RGB")
        return all(frame.getpixel((x, y)) == (0, 255, 0) for x in range(4) for y in range(14, 18))

    deadline = time.monotonic() + 10
    while not leaf_drawn():
        assert time.monotonic() < deadline, "the uploaded icon never showed"
        time.sleep(0.05)
    assert server.post("/api/notify", {"icon": "gone"}).json() == {"error": "unknown icon 'gone'"}


def test_hostile_picture_uploads_are_refused_with_memory_flat_and_nothing_stored(server_factory):
    server = server_factory("--max-payload", "4000000")
    before = rss_mib(server)
    claim = bytearray(png(1, 1))
    claim[16:24] = (20000).to_bytes(4, "big") * 2
    claim[29:33] = zlib.crc32(bytes(claim[12:29])).to_bytes(4, "big")
    animated = gif(64, [(255, 0, 0), (0, 255, 0)])
    cases = [
        ("wide", png(257, 8), "257 x 8; pictures are at most 256 x 256"),
        ("claim", bytes(claim), "20000 x 20000; pictures are at most 256 x 256"),
        ("many", gif(1, [(index % 256, 0, 0) for index in range(10000)], duration_ms=20), "more than 256 frames"),
        # 100 frames of 256 x 256 decode to 25 MiB: refused once the next frame would pass 16 MiB.
        ("heavy", gif(256, [(index, 255 - index, 0) for index in range(100)], duration_ms=20), "more than 16 MiB"),
        ("cut", animated[: len(animated) // 2], "cannot be decoded"),
        ("zeros", animated[:20] + b"\x00" * 200, "cannot be decoded"),
        ("dot.dot", png(8, 8), "invalid picture name"),
    ]
    for name, body, message in cases:
        reply = put(server, name, body, library="images")
        assert reply.status_code == 400, (name, reply.text)
        assert message in reply.json()["error"], (name, reply.json())
    after = rss_mib(server)
    assert after - before < 60, f"RSS grew from {before:.1f} to {after:.1f} MiB"
    assert icon_files(server, "images") == []
    assert server.get("/api/images").json() == {"images": []}
    assert server.post("/api/switch", {"app": "image", "config": {"image": "wide"}}).json() == {
        "error": "unknown picture 'wide'"
    }
