"""Scale-out benchmark: several RetroBoard instances sharing one Redis, ~90k clients in all.

One process may open at most 20,000 files here, so a single instance tops out just under 20k
clients; this shows the path past it. It starts a private redis-server and N instances with
`--redis-url`, then one load generator share per instance (`retroboard-loadgen share`), each
on its own loopback source addresses. Once every share is connected it holds them past a ping
interval, sends settings changes to the first instance (`retroboard-loadgen send`) and merges
every share's raw latencies: each change crosses Redis to every instance and fans out from
each to its own clients.

Writes bench/results/cluster-scale.json and regenerates docs/benchmarks.md.
Usage: scripts/bench-cluster.sh [--instances 5] [--clients-per-instance 18000] ...
"""

import argparse
import json
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import report

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
LOADGEN = ROOT / "target" / "release" / "retroboard-loadgen"
RETROBOARD = ROOT / "target" / "release" / "retroboard"
FD_LIMIT = 20000


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def wait_listening(process: subprocess.Popen, log) -> int:
    """Copies the server's log until it says where it listens; returns the port."""
    for line in process.stdout:
        log.write(line)
        if "listening on http://" in line:
            return int(line.rsplit(":", 1)[1])
    raise RuntimeError("an instance exited before listening; see its log in bench/results")


def percentiles(samples: list[float]) -> dict:
    samples = sorted(samples)
    if not samples:
        return {}
    at = lambda q: samples[round((len(samples) - 1) * q)]  # noqa: E731
    return {"samples": len(samples), "p50": at(0.5), "p90": at(0.9), "p99": at(0.99),
            "p999": at(0.999), "max": samples[-1]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--instances", type=int, default=5)
    parser.add_argument("--clients-per-instance", type=int, default=18000)
    parser.add_argument("--ramp", type=float, default=600, help="new connections per second, per share")
    parser.add_argument("--hold", type=float, default=30, help="seconds held before the changes (pings flow)")
    parser.add_argument("--changes", type=int, default=10)
    parser.add_argument("--rate", type=float, default=0.2, help="changes per second")
    parser.add_argument("--grace", type=float, default=20, help="seconds after the last change")
    args = parser.parse_args()

    redis_binary = shutil.which("redis-server") or shutil.which("redis-server", path="/usr/sbin:/usr/bin")
    if redis_binary is None:
        sys.exit("redis-server is not installed: run scripts/install-redis.sh")
    # Children inherit the open-file limit: the most this machine allows each process.
    resource.setrlimit(resource.RLIMIT_NOFILE, (FD_LIMIT, FD_LIMIT))
    RESULTS.mkdir(exist_ok=True)
    log = open(RESULTS / "cluster-scale.log", "w")
    state_dir = tempfile.mkdtemp(prefix="retroboard-cluster-")
    started: list[subprocess.Popen] = []

    def spawn(command, **kwargs) -> subprocess.Popen:
        process = subprocess.Popen(command, text=True, **kwargs)
        started.append(process)
        return process

    try:
        redis_port = free_port()
        redis = spawn([redis_binary, "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "",
                       "--appendonly", "no"], stdout=subprocess.DEVNULL)
        time.sleep(0.5)
        instances = []
        for index in range(args.instances):
            process = spawn([str(RETROBOARD), "--host", "127.0.0.1", "--port", "0", "--ignore-state",
                             "--state-file", f"{state_dir}/state-{index}.json",
                             "--redis-url", f"redis://127.0.0.1:{redis_port}/",
                             "--handshake-rate", "0", "--max-sessions-per-ip", "0",
                             "--max-connections-per-ip", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            port = wait_listening(process, log)
            # Keep draining its log so it never blocks on a full pipe.
            spawn(["cat"], stdin=process.stdout, stdout=log)
            instances.append({"pid": process.pid, "port": port})
        time.sleep(2)
        baseline = {"instances_rss_kib": [rss_kib(i["pid"]) for i in instances], "redis_rss_kib": rss_kib(redis.pid)}
        print(f"cluster: {args.instances} instances and redis up; "
              f"{sum(baseline['instances_rss_kib']) / 1024:.0f} MiB before clients", flush=True)

        shares = []
        connect_started = time.monotonic()
        for index, instance in enumerate(instances):
            # Each share its own source addresses, each good for ~28k ephemeral ports.
            sources = f"127.0.{10 + index}.1,127.0.{10 + index}.2"
            shares.append(spawn(
                [str(LOADGEN), "--server", f"127.0.0.1:{instance['port']}", "--server-pid", str(instance["pid"]),
                 "--sources", sources, "--ramp", str(args.ramp), "--threads", "1",
                 "share", "--clients", str(args.clients_per_instance)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log))
        ready = [json.loads(share.stdout.readline()) for share in shares]
        connected = sum(r["grow"]["connected"] for r in ready)
        print(f"cluster: {connected:,} clients connected in {time.monotonic() - connect_started:.0f} s; "
              f"holding {args.hold:.0f} s", flush=True)
        time.sleep(args.hold)
        held = {"instances_rss_kib": [rss_kib(i["pid"]) for i in instances], "redis_rss_kib": rss_kib(redis.pid)}

        print(f"cluster: sending {args.changes} changes at {args.rate}/s to instance 0", flush=True)
        sender = subprocess.run(
            [str(LOADGEN), "--server", f"127.0.0.1:{instances[0]['port']}", "send",
             "--count", str(args.changes), "--rate", str(args.rate)],
            stdout=subprocess.PIPE, stderr=log, text=True, check=True)
        sent = json.loads(sender.stdout)
        time.sleep(args.grace)
        line = json.dumps({"first_value": sent["first_value"], "send_ns": sent["send_ns"]}) + "\n"
        for share in shares:
            share.stdin.write(line)
            share.stdin.flush()
        reports = [json.loads(share.stdout.readline()) for share in shares]
        for share in shares:
            share.wait(timeout=120)
    finally:
        for process in reversed(started):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
        shutil.rmtree(state_dir, ignore_errors=True)

    clients_end = sum(r["clients"] for r in reports)
    latencies_ms = [us / 1000 for r in reports for us in r.pop("latencies_us")]
    changes = len(sent["send_ns"])
    got = [sum(r["got"][i] for r in reports) for i in range(changes)]
    last_ms = [max(r["last_ns"][i] for r in reports) / 1e6 for i in range(changes) if got[i] >= clients_end]
    result = {
        "instances": args.instances,
        "clients_target": args.instances * args.clients_per_instance,
        "connected": connected,
        "clients_at_end": clients_end,
        "ramp_per_share": args.ramp,
        "hold_secs": args.hold,
        "pings_while_recording": sum(r["pings"] for r in reports),
        "changes": changes,
        "rate": args.rate,
        "commands": sent["commands"],
        "expected": changes * clients_end,
        "delivered": len(latencies_ms),
        "latency_ms": percentiles(latencies_ms),
        "last_client_ms": percentiles(last_ms),
        "baseline": baseline,
        "held": held,
        "shares": [{k: v for k, v in r.items() if k not in ("last_ns", "got")} for r in reports],
        "ready": ready,
    }
    (RESULTS / "cluster-scale.json").write_text(json.dumps(result, indent=1))
    total_rss = sum(held["instances_rss_kib"]) / 1024
    print(f"cluster: {clients_end:,} clients at the end; {result['delivered']:,} of {result['expected']:,} "
          f"deliveries; p50 {result['latency_ms'].get('p50', 0):.0f} ms, p99 {result['latency_ms'].get('p99', 0):.0f} ms, "
          f"max {result['latency_ms'].get('max', 0):.0f} ms; instances' RSS {total_rss:,.0f} MiB")
    report.write(RESULTS, ROOT / "docs")


if __name__ == "__main__":
    main()
