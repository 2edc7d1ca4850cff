"""What one hostile client on loopback can do to the release binary, with its default limits.

Prints, for a fresh server each:
1. handshake flood: Engine.IO handshakes looped on one keep-alive connection for --seconds;
   how many were admitted and refused, and the server's RSS before and after;
2. an oversized WebSocket message (60 MB by default): what the client gets and the RSS after;
3. slowloris: --slow connections sending headers a byte at a time; how many the server closed
   and how long they lasted, and how many connections one address can hold open at once.

Run after the test command has built target/release/retroboard and .venv:
    .venv/bin/python bench/hostile.py
Traffic goes to 127.0.0.1 only; the script stops the server it started.
"""

import argparse
import http.client
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import websocket  # websocket-client, installed with python-socketio's client extras

ROOT = Path(__file__).resolve().parent.parent
BINARY = Path(os.environ.get("RETROBOARD_BIN", ROOT / "target" / "release" / "retroboard"))


class Server:
    def __init__(self, extra=()):
        self.dir = tempfile.mkdtemp(prefix="retroboard-hostile-")
        self.process = subprocess.Popen(
            [str(BINARY), "--host", "127.0.0.1", "--port", "0", "--state-file", f"{self.dir}/state.json", *extra],
            stderr=subprocess.PIPE, text=True)
        for line in self.process.stderr:
            match = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
            if match:
                self.port = int(match.group(1))
                break
        threading.Thread(target=lambda: [None for _ in self.process.stderr], daemon=True).start()

    def rss_mib(self):
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


def handshake_flood(seconds):
    server = Server()
    before = server.rss_mib()
    connection = http.client.HTTPConnection("127.0.0.1", server.port)
    admitted = refused = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        connection.request("GET", "/socket.io/?EIO=4&transport=polling")
        reply = connection.getresponse()
        reply.read()
        if reply.status == 200:
            admitted += 1
        else:
            refused += 1
    after = server.rss_mib()
    server.stop()
    print(f"handshake flood, {seconds:.0f} s on one connection: {admitted} admitted, {refused} refused (429); "
          f"RSS {before:.1f} -> {after:.1f} MiB")


def oversized_message(megabytes):
    server = Server()
    before = server.rss_mib()
    ws = websocket.create_connection(f"ws://127.0.0.1:{server.port}/socket.io/?EIO=4&transport=websocket")
    ws.recv()  # the open packet
    ws.send("40")
    started = time.monotonic()
    outcome = "no answer"
    try:
        ws.send('42["request_state","' + "x" * (megabytes * 1_000_000) + '"]')
        while True:
            opcode, data = ws.recv_data(control_frame=True)
            if opcode == websocket.ABNF.OPCODE_CLOSE:
                code = int.from_bytes(data[:2], "big") if len(data) >= 2 else None
                outcome = f"closed with {code}"
                break
    except (websocket.WebSocketException, OSError) as error:
        outcome = f"connection ended ({type(error).__name__})"
    elapsed = time.monotonic() - started
    time.sleep(0.5)
    after = server.rss_mib()
    alive = http.client.HTTPConnection("127.0.0.1", server.port)
    alive.request("GET", "/api/health")
    health = alive.getresponse().status
    server.stop()
    print(f"{megabytes} MB WebSocket message: {outcome} after {elapsed:.2f} s; RSS {before:.1f} -> {after:.1f} MiB; "
          f"/api/health then {health}")


def slowloris(count):
    server = Server()
    sockets = []
    for _ in range(count):
        conn = socket.create_connection(("127.0.0.1", server.port))
        conn.sendall(b"GET /api/health HTTP/1.1\r\n")
        sockets.append((conn, time.monotonic()))
    accepted = count
    closed, lifetimes = 0, []
    deadline = time.monotonic() + 30
    pending = list(sockets)
    while pending and time.monotonic() < deadline:
        still = []
        for conn, opened in pending:
            conn.settimeout(0.01)
            try:
                conn.sendall(b"X")
                data = conn.recv(1)
                if data == b"":
                    raise ConnectionResetError
                still.append((conn, opened))
            except socket.timeout:
                still.append((conn, opened))
            except OSError:
                closed += 1
                lifetimes.append(time.monotonic() - opened)
                conn.close()
        pending = still
        time.sleep(0.2)
    for conn, _ in pending:
        conn.close()
    if lifetimes:
        lifetimes.sort()
        spread = f"lived {lifetimes[0]:.1f}-{lifetimes[-1]:.1f} s"
    else:
        spread = "none closed"
    print(f"slowloris: {accepted} connections sending a header byte at a time: {closed} closed by the server "
          f"within 30 s ({spread})")

    conns = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(600)]
    time.sleep(0.5)
    held = 0
    for conn in conns:
        conn.setblocking(False)
        try:
            if conn.recv(1) != b"":
                held += 1
        except BlockingIOError:
            held += 1
        except OSError:
            pass
        conn.close()
    print(f"connections one address can hold open at once: {held} of 600 opened")
    server.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=45)
    parser.add_argument("--megabytes", type=int, default=60)
    parser.add_argument("--slow", type=int, default=2000)
    args = parser.parse_args()
    if not BINARY.exists():
        sys.exit(f"{BINARY} is missing; run ./scripts/test.sh (or scripts/build.sh) first")
    handshake_flood(args.seconds)
    oversized_message(args.megabytes)
    slowloris(args.slow)


if __name__ == "__main__":
    main()
