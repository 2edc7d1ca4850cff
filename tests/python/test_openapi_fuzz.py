"""Schemathesis fuzzes the REST API from its own OpenAPI document, against the release binary.

It sends every operation bodies and parameters the document allows and ones it
forbids, and every path the methods the document does not list, and holds each
reply to the document: no 5xx, only declared statuses and content types, bodies
that match their schemas, forbidden input refused with 4xx, 405 with an `Allow`
header. On top of that every error reply here must be `{"error": string}` JSON.

Each run is bounded by a number of examples per operation and takes seconds.
The seed is fixed so that a failure reproduces; RETROBOARD_FUZZ_SEED picks
another one to explore further.
"""

import base64
import io
import json
import os
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from PIL import Image

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
SEED = os.environ.get("RETROBOARD_FUZZ_SEED", "5000")
# The run is killed after this long, below pytest's own timeout of 120 s; it needs about 15.
RUN_TIME_LIMIT = 90

# Left out of every run: `positive_data_acceptance`, that a body the document
# allows is accepted, since the document cannot say all the server checks:
# config keys are checked against each app's own schema, enabling the carousel
# with an empty list is refused, and JSON Schema counts `50.0` as an integer
# where a brightness must be written `50`.
NOT_CHECKED = ["positive_data_acceptance"]
# Always 501 on a test server (no supervisor to restart it, no speaker): not fuzzed.
ALWAYS_501 = "^/api/(reboot|sound|rtttl)$"


def fuzz(server, tmp_path: Path, max_examples: int, not_checked=(), headers=()) -> list[dict]:
    """Runs schemathesis against `server` with every check but `NOT_CHECKED` and
    `not_checked`, and returns every exchange it made, as HAR entries."""
    har = tmp_path / "fuzz.har"
    args = [
        str(SCHEMATHESIS), "run", f"{server.url}/api/openapi.json",
        "--checks", "all", "--exclude-checks", ",".join([*NOT_CHECKED, *not_checked]),
        "--max-examples", str(max_examples), "--seed", SEED,
        # Concurrent workers trip a race in Hypothesis's source inspection on Python 3.11.
        "--workers", "1",
        "--request-timeout", "5",
        "--report", "har", "--report-har-path", str(har),
        "--exclude-path-regex", ALWAYS_501,
    ]
    for header in headers:
        args += ["--header", header]
    # Run in the temporary directory: no config file of ours is read, and nothing is left behind.
    run = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, timeout=RUN_TIME_LIMIT)
    assert run.returncode == 0, f"schemathesis found problems (seed {SEED}):\n{run.stdout[-30000:]}{run.stderr[-5000:]}"
    return json.loads(har.read_text())["log"]["entries"]


def server_put_icon(server, name: str, library: str = "icons"):
    """Uploads a 2 x 2 PNG as the icon (or picture) `name`."""
    image = io.BytesIO()
    Image.new("RGBA", (2, 2), (255, 0, 0, 255)).save(image, "PNG")
    return requests.put(f"{server.url}/api/{library}/{name}", data=image.getvalue(), timeout=5)


def body_of(entry: dict) -> str:
    content = entry["response"]["content"]
    text = content.get("text", "")
    return base64.b64decode(text).decode() if content.get("encoding") == "base64" else text


def assert_errors_are_json(entries: list[dict]):
    for entry in entries:
        status = entry["response"]["status"]
        if status < 400:
            continue
        request = f"{entry['request']['method']} {entry['request']['url']} -> {status}"
        headers = {header["name"].lower(): header["value"] for header in entry["response"]["headers"]}
        assert headers.get("content-type", "").startswith("application/json"), request
        body = json.loads(body_of(entry))
        assert isinstance(body, dict) and isinstance(body.get("error"), str) and list(body) == ["error"], \
            f"{request}: {body}"


def statuses_by_operation(server, entries: list[dict]) -> dict[tuple[str, str], set[int]]:
    """The statuses each documented operation answered, keyed by (method, path template)."""
    document = server.get("/api/openapi.json").json()
    templates = [
        (method.upper(), path, re.compile("^" + re.sub(r"\\\{[^/]+\\\}", "[^/]+", re.escape(path)) + "$"))
        for path, item in document["paths"].items()
        if not re.match(ALWAYS_501, path)
        for method in item
    ]
    answered = {(method, path): set() for method, path, _ in templates}
    for entry in entries:
        method = entry["request"]["method"]
        path = urlsplit(entry["request"]["url"]).path
        for documented_method, template, pattern in templates:
            if method == documented_method and pattern.match(path):
                answered[(method, template)].add(entry["response"]["status"])
    return answered


def test_every_operation_keeps_to_the_document(server, tmp_path):
    # An uploaded icon under the name the document gives as its example, so
    # that deleting it can succeed; the built-in one comes back afterwards.
    upload = server_put_icon(server, "heart")
    assert upload.status_code == 200, upload.text
    # Likewise a picture under its example name, so that fetching it can succeed.
    upload = server_put_icon(server, "sunset", "images")
    assert upload.status_code == 200, upload.text
    entries = fuzz(server, tmp_path, 50)
    assert_errors_are_json(entries)
    answered = statuses_by_operation(server, entries)
    # The document itself is not fuzzed: schemathesis leaves out the operation it was loaded from.
    del answered[("GET", "/api/openapi.json")]
    # An icon upload's body is an image file, which generated data never is:
    # each was refused, as the errors above show, with JSON.
    assert answered.pop(("PUT", "/api/icons/{name}")) <= {400, 403, 413}
    assert answered.pop(("PUT", "/api/images/{name}")) <= {400, 403, 413}
    # The test server runs without --mqtt-url, so its MQTT state is documented 404.
    assert answered.pop(("GET", "/api/mqtt")) == {404}
    # Its app library is empty and nothing is installed: what names a library app or an
    # installation is refused, in JSON as checked above, and never fails.
    for operation in [op for op in answered if op[1].startswith("/api/starlark/") or op[1].endswith("/schema/handler")]:
        statuses = answered.pop(operation)
        assert all(status < 500 for status in statuses), f"{operation} answered {statuses}"
    # Each operation was reached and got past its validation at least once,
    # so the run exercised the handlers, not only their refusals.
    for operation, statuses in answered.items():
        assert any(200 <= status < 300 for status in statuses), f"{operation} answered only {statuses}"


def test_oversized_bodies_are_refused_as_documented(server_factory, tmp_path):
    server = server_factory("--max-payload", "64")
    # A malformed body over the limit is refused with 413, which `negative_data_rejection` does not count.
    entries = fuzz(server, tmp_path, 15, not_checked=["negative_data_rejection"])
    assert_errors_are_json(entries)
    assert any(entry["response"]["status"] == 413 for entry in entries), "no body was over the limit"


def test_commands_from_foreign_pages_are_refused_as_documented(server_factory, tmp_path):
    server = server_factory("--cors-origin", "http://board.test")
    # Any method but GET, HEAD and OPTIONS from a foreign page is refused before
    # routing, so an undocumented one gets 403 where `unsupported_method` wants 405.
    entries = fuzz(server, tmp_path, 10, not_checked=["unsupported_method"],
                   headers=["Origin: http://elsewhere.test"])
    assert_errors_are_json(entries)
    answered = statuses_by_operation(server, entries)
    for (method, path), statuses in answered.items():
        if method == "POST":
            assert statuses == {403}, f"{method} {path} answered {statuses}"
