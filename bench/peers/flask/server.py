"""Benchmark peer: Flask-SocketIO in threading mode (the original RetroBoard stack), serving the
part of the contract the benchmark drives: switch, settings, the four events on connect and a
broadcast on every change."""

import argparse
import logging

from flask import Flask, jsonify, request
from flask_socketio import SocketIO

APPS = ["clock", "scroll_text", "stars"]
DEFAULTS = {
    "clock": {"font": "tom-thumb", "color": [255, 255, 255]},
    "scroll_text": {"text": "Hello, World!", "font": "tom-thumb", "color": [255, 255, 255], "speed": 1, "fps": 30},
    "stars": {"spawn_rate": 1, "lifetime": 40, "fps": 60},
}

app = Flask(__name__)
socketio = SocketIO(app, async_mode="threading", ping_interval=25, ping_timeout=60, cors_allowed_origins="*")
state = {"app": "clock", "brightness": 100}


def current():
    return {"app": state["app"], "config": DEFAULTS[state["app"]]}


@app.get("/api/settings")
def get_settings():
    return jsonify({"brightness": state["brightness"]})


@app.post("/api/settings")
def post_settings():
    body = request.get_json(silent=True) or {}
    value = body.get("brightness")
    if not isinstance(value, int) or not 0 <= value <= 100:
        return jsonify({"error": "Brightness must be between 0 and 100"}), 400
    if value != state["brightness"]:
        state["brightness"] = value
        socketio.emit("settings", {"brightness": value})
    return jsonify({"success": True})


@app.post("/api/switch")
def post_switch():
    body = request.get_json(silent=True) or {}
    name = body.get("app")
    if not name:
        return jsonify({"error": "Missing app name"}), 400
    if name not in APPS:
        return jsonify({"error": "App not found"}), 404
    if name != state["app"]:
        state["app"] = name
        socketio.emit("current_app", current())
    return jsonify({"success": True, "app": name})


@socketio.on("connect")
def on_connect():
    socketio.emit("apps_list", {"apps": APPS, "current": state["app"]}, to=request.sid)
    socketio.emit("current_app", current(), to=request.sid)
    socketio.emit("settings", {"brightness": state["brightness"]}, to=request.sid)
    socketio.emit("carousel_config", {"enabled": False, "apps": [{"app": "clock", "duration": 10}], "current_index": 0}, to=request.sid)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    print(f"listening on http://{args.host}:{args.port}", flush=True)
    socketio.run(app, host=args.host, port=args.port, allow_unsafe_werkzeug=True)
