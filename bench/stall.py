"""The five-second stall check: many bursts of 200 commands at 20/s to 1,000 clients, each on a
fresh RetroBoard server, with every command's HTTP reply time recorded.

A stall would show as a delivery seconds late; the reply time
of the slowest command then says whether the server held the command before answering it (slow
reply) or after (fast reply, late broadcast). Writes bench/results/stall.json, which the report's
stall section reads. Part of `python bench/run.py` (`--only stall` for this part alone).
"""

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # noqa: E402  (the comparison's server, load generator and contention helpers)

RUNS = 12
CLIENTS, RATE, COMMANDS = 1000, 20, 200
# A burst with a delivery later than this counts as stalled. Lost commands are counted apart:
# RetroBoard merges a command into the next broadcast when the two come close together.
STALL_MS = 1000


def summary(data):
    level = data["levels"][0]["burst"]
    delivery, commands = level["delivery"], level["commands"]
    reply = commands.get("reply", {})
    return {
        "max_ms": delivery["latency"]["max"],
        "p99_ms": delivery["latency"]["p99"],
        "lost": delivery["lost"],
        "late": delivery["late"],
        "slowest_reply_ms": reply.get("max"),
        "max_schedule_slip_ms": commands["max_schedule_slip_ms"],
        "http_errors": commands["http_errors"],
        "other_cores": data["contention"]["other_cores"],
    }


def run_stall(runs):
    results = []
    for index in range(runs):
        run.wait_for_quiet()
        server = run.Server("retroboard")
        try:
            data = run.loadgen(server, ["levels", "--levels", str(CLIENTS), "--bursts", f"{CLIENTS}:{RATE}:{COMMANDS}"], "stall-run", timeout=300)
        finally:
            server.stop()
        result = summary(data)
        results.append(result)
        print(f"[stall] run {index + 1}/{runs}: max {result['max_ms']:.1f} ms, lost {result['lost']}, "
              f"slowest reply {result['slowest_reply_ms']} ms", flush=True)
    stalls = [r for r in results if r["max_ms"] > STALL_MS]
    (run.RESULTS / "stall.json").write_text(json.dumps(
        {"clients": CLIENTS, "rate": RATE, "commands": COMMANDS, "stall_ms": STALL_MS, "runs": results,
         "stalls": len(stalls)}, indent=1))
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=RUNS, help="bursts, each on a fresh server")
    parser.add_argument("--results", type=Path, default=run.RESULTS, help="where stall.json goes")
    args = parser.parse_args(argv)
    run.RESULTS = args.results
    run.RESULTS.mkdir(exist_ok=True)
    run_stall(args.runs)


if __name__ == "__main__":
    main()
