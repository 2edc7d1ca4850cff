"""The Starlark window of bench/pacing.py: the panel's frame intervals while community (Pixlet)
apps render in RetroBoard's worker pool, off the panel's thread.

The apps are those Starlet's own benchmark measures (crates/starlet/benches/star: text, a long
marquee, icons, 2,000 frames, layout, shapes, data), installed on the server and each asked to
render again every STARLARK_NUDGE_SECS, so that the pool's STARLARK_WORKERS workers are never
idle during the window. The workers are child processes of the server, so they share its pinned
CPU: the panel's render thread competes with them for it.
"""

import threading
import time
from pathlib import Path

import requests

STARLARK_APPS = Path(__file__).resolve().parent.parent / "crates" / "starlet" / "benches" / "star"
STARLARK_WORKERS, STARLARK_SECS, STARLARK_NUDGE_SECS = 2, 20, 0.2


def starlark_renders(server):
    """Renders the server finished so far, by /metrics, and the seconds they took."""
    text = requests.get(f"http://{server.addr}/metrics", timeout=10).text
    count = seconds = 0.0
    for line in text.splitlines():
        if line.startswith("#") or not line:
            continue
        name, value = line.split()[:2]
        if "starlark_renders_total{" in name:
            count += float(value)
        elif name.endswith("starlark_render_seconds_total"):
            seconds += float(value)
    return count, seconds


def with_starlark(window, receiver, server):
    """A window while every app of STARLARK_APPS renders again and again in the worker pool: each
    installed once, rendered once, then asked to render again every STARLARK_NUDGE_SECS (a render
    asked for while one runs starts when it ends). `window` measures the receiver's window (pacing.py's).
    The installations are removed afterwards."""
    base = f"http://{server.addr}"
    apps = sorted(p.name for p in STARLARK_APPS.iterdir() if (p / f"{p.name}.star").exists())
    names = [f"bench_{app}" for app in apps]
    for app, name in zip(apps, names):
        requests.post(f"{base}/api/starlark/installations", json={"app": app, "name": name},
                      timeout=30).raise_for_status()
    deadline = time.time() + 180
    while time.time() < deadline:
        listed = requests.get(f"{base}/api/starlark/installations", timeout=10).json()["installations"]
        if all(i.get("status") for i in listed if i["name"] in names):
            break
        time.sleep(0.5)
    else:
        raise RuntimeError("the Starlark apps did not all render within 180 s")
    failed = {i["name"]: i["status"]["error"]["message"] for i in listed if i["status"].get("error")}
    stop = threading.Event()

    def nudge():
        while not stop.is_set():
            for name in names:
                requests.post(f"{base}/api/starlark/installations/{name}/render", json={}, timeout=10)
            stop.wait(STARLARK_NUDGE_SECS)
    nudger = threading.Thread(target=nudge, daemon=True)
    nudger.start()
    time.sleep(1)
    count, seconds = starlark_renders(server)
    print(f"[pacing] {server.kind}: {len(apps)} Starlark apps rendering", flush=True)
    report = window(receiver, STARLARK_SECS, server)
    after_count, after_seconds = starlark_renders(server)
    stop.set()
    nudger.join(10)
    for name in names:
        requests.delete(f"{base}/api/starlark/installations/{name}", timeout=10)
    return {"apps": apps, "workers": STARLARK_WORKERS, "renders": int(after_count - count),
            "render_seconds": round(after_seconds - seconds, 2), "failed": failed, "window": report}


def starlark_args():
    """RetroBoard's arguments for the Starlark window: the apps, the pool's size."""
    return ["--apps-dir", str(STARLARK_APPS), "--starlark-workers", str(STARLARK_WORKERS)]
