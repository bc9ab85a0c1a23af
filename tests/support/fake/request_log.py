"""One cftui command against the fake API with every answer held a while: its request log.

    python -m tests.support.fake.request_log [--scenario members_3_pages] [--latency 0.05] \\
        [-- whoami --all]

Prints when each request arrived, from the command's start and from the first request, so
one can see which requests left together (the same round trip) and which waited for an
answer. A look, not a measure: the tests prove the same with a gate (``gate``).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.support.fake.server import FakeApi
from tests.support.fault_harness import cli_env

TOKEN = "cfut_RequestLogTEST0123456789abcdefghijklmnop"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.support.fake.request_log")
    parser.add_argument("--scenario", default="members_3_pages")
    parser.add_argument("--latency", type=float, default=0.05, help="seconds before each answer")
    parser.add_argument("command", nargs="*", default=["whoami"], help="cftui's arguments")
    args = parser.parse_args(argv)
    with FakeApi(latency=args.latency) as api, tempfile.TemporaryDirectory() as home:
        url = api.base_url(args.scenario, fresh=True)
        env = cli_env(Path(home), CLOUDFLARE_BASE_URL=url, CLOUDFLARE_API_TOKEN=TOKEN)
        start = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-m", "cftui", *args.command], capture_output=True, env=env
        )
        took = time.monotonic() - start
    prefix = url.split("/")[3]
    asked = [r for r in api.requests if r.prefix == prefix]
    print(
        f"cftui {' '.join(args.command)}: exit {done.returncode}, {len(asked)} requests, ", end=""
    )
    print(f"{took * 1000:.0f} ms at {args.latency * 1000:.0f} ms per answer")
    first = asked[0].at if asked else start
    for r in asked:
        query = "&".join(f"{k}={v}" for k, v in sorted(r.query.items()))
        since = f"+{(r.at - start) * 1000:5.0f} ms (+{(r.at - first) * 1000:4.0f} after the first)"
        print(f"  {since}  {r.method} /{r.route}{'?' + query if query else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
