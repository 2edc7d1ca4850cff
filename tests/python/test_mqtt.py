"""MQTT with a paho client, the way Home Assistant talks to the board.

Each test gets its own mosquitto on a free loopback port and a server with `--mqtt-url`. The
discovery configs are checked against ha_mqtt_discovery.schema.json, written from what Home
Assistant's MQTT integration documents for each component.
"""

import json
import queue
from pathlib import Path

import jsonschema
import paho.mqtt.client as mqtt
import pytest

from conftest import wait_for
from mosquitto_server import mosquitto  # noqa: F401 (fixture)
from redis_server import redis_server  # noqa: F401 (fixture)

SCHEMA = json.loads((Path(__file__).parent / "ha_mqtt_discovery.schema.json").read_text())
PATIENCE = 20.0


class Subscriber:
    """A paho client subscribed to `topic_filter`, queueing (topic, payload, retained)."""

    def __init__(self, broker, topic_filter: str):
        self.messages: queue.Queue = queue.Queue()
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2)
        self.client.on_connect = lambda client, *_: client.subscribe(topic_filter, qos=1)
        self.client.on_message = lambda _c, _u, m: self.messages.put((m.topic, m.payload, m.retain))
        self.client.connect("127.0.0.1", broker.port)
        self.client.loop_start()

    def expect(self, topic: str, wanted=lambda payload: True, timeout: float = PATIENCE):
        """The first payload on `topic` for which `wanted` holds, skipping others."""
        while True:
            got, payload, retained = self.messages.get(timeout=timeout)
            if got == topic and wanted(payload):
                return payload, retained

    def publish(self, topic: str, payload: str) -> None:
        self.client.publish(topic, payload, qos=1).wait_for_publish(PATIENCE)

    def close(self) -> None:
        self.client.loop_stop()
        self.client.disconnect()


@pytest.fixture
def subscribe(mosquitto):  # noqa: F811 (fixture)
    started = []

    def start(topic_filter: str) -> Subscriber:
        started.append(Subscriber(mosquitto, topic_filter))
        return started[-1]

    yield start
    for subscriber in started:
        subscriber.close()


def discovery_configs(subscriber: Subscriber, count: int) -> dict:
    configs = {}
    while len(configs) < count:
        topic, payload, _ = subscriber.messages.get(timeout=PATIENCE)
        configs[topic] = json.loads(payload)
    return configs


def test_discovery_configs_are_what_home_assistant_requires(server_factory, mosquitto, subscribe):  # noqa: F811
    server_factory("--mqtt-url", mosquitto.url)
    configs = discovery_configs(subscribe("homeassistant/#"), 8)
    components = sorted(topic.split("/")[1] for topic in configs)
    assert components == ["button", "button", "button", "light", "notify", "select", "sensor", "switch"]
    for topic, config in configs.items():
        component = topic.split("/")[1]
        validator = jsonschema.Draft202012Validator({"$ref": f"#/$defs/{component}", "$defs": SCHEMA["$defs"]})
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(config)]
        assert errors == [], f"{topic}: {errors}"
        assert config["availability"][0]["topic"] == "retroboard/status"
    unique_ids = [config["unique_id"] for config in configs.values()]
    assert len(set(unique_ids)) == len(unique_ids)


def test_ids_are_stable_across_restarts_and_follow_the_prefix(server_factory, mosquitto, subscribe):  # noqa: F811
    board = server_factory("--mqtt-url", mosquitto.url, "--mqtt-prefix", "home/hall")
    first = discovery_configs(subscribe("homeassistant/#"), 8)
    board.stop()
    # Home Assistant forgets an entity whose config is emptied; the restarted board announces it anew.
    cleaner = subscribe("unused/#")
    for topic in first:
        cleaner.client.publish(topic, b"", qos=1, retain=True).wait_for_publish(PATIENCE)
    board.start()
    second = discovery_configs(subscribe("homeassistant/#"), 8)
    assert second.keys() == first.keys()
    for topic, config in second.items():
        assert topic.startswith("homeassistant/") and "/home_hall/" in topic
        assert config["unique_id"] == first[topic]["unique_id"]
        assert config["device"]["name"] == "RetroBoard home/hall"
        assert config["availability"][0]["topic"] == "home/hall/status"


def test_home_assistant_payloads_drive_the_board(server, mosquitto, subscribe):  # noqa: F811
    """The payloads the entities' templates produce, sent as Home Assistant sends them."""
    ha = subscribe("retroboard/#")
    ha.expect("retroboard/status", lambda p: p == b"online")
    ha.publish("retroboard/switch", json.dumps({"app": "stars"}))
    wait_for(lambda: server.get("/api/current").json()["app"] == "stars", PATIENCE)
    ha.publish("retroboard/notify", json.dumps({"text": "Someone is at the door"}))
    wait_for(lambda: (server.get("/api/notify").json()["active"] or {}).get("text") == "Someone is at the door",
             PATIENCE)
    ha.publish("retroboard/settings", json.dumps({"brightness": 30}))
    wait_for(lambda: server.get("/api/settings").json()["brightness"] == 30, PATIENCE)
    refused = {"apps": [{"app": "nope", "duration": 5}]}
    ha.publish("retroboard/carousel", json.dumps(refused))
    payload, _ = ha.expect("retroboard/error")
    assert json.loads(payload) == {"error": server.post("/api/carousel", refused).json()["error"],
                                   "topic": "retroboard/carousel"}


@pytest.fixture
def server(server_factory, mosquitto):  # noqa: F811
    return server_factory("--mqtt-url", mosquitto.url)


def panel_owner(servers):
    owners = [server for server in servers if server.get("/api/health").json().get("panel_owner")]
    return owners[0] if len(owners) == 1 else None


def test_in_a_cluster_only_the_panel_owner_holds_the_session(redis_server, server_factory, mosquitto,  # noqa: F811
                                                              subscribe):
    servers = [server_factory("--ignore-state", "--redis-url", redis_server.url, "--mqtt-url", mosquitto.url)
               for _ in range(2)]
    ha = subscribe("retroboard/#")
    owner = wait_for(lambda: panel_owner(servers), PATIENCE)
    ha.expect("retroboard/status", lambda p: p == b"online")
    # Were both subscribed, the notification would be posted twice: one showing, one waiting.
    ha.publish("retroboard/notify", json.dumps({"text": "once", "hold": True}))
    shown = wait_for(lambda: servers[1].get("/api/notify").json()["active"], PATIENCE)
    assert shown["text"] == "once"
    payload, _ = ha.expect("retroboard/state/notification", lambda p: json.loads(p)["active"] is not None)
    assert json.loads(payload)["queued"] == 0
    assert servers[0].get("/api/notify").json()["queued"] == 0

    # The owner dies: its last will says offline, then the next owner connects and says online.
    owner.process.kill()
    owner.process.wait()
    owner.process = None
    ha.expect("retroboard/status", lambda p: p == b"offline")
    survivor = next(server for server in servers if server is not owner)
    ha.expect("retroboard/status", lambda p: p == b"online")
    assert panel_owner([survivor]) is survivor
    ha.publish("retroboard/switch", json.dumps({"app": "stars"}))
    wait_for(lambda: survivor.get("/api/current").json()["app"] == "stars", PATIENCE)
