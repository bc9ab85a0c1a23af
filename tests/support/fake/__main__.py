"""Serve one scenario of the fake API on loopback until Ctrl-C, printing its base URL.

python -m tests.support.fake --scenario ok [--port N] [--delay S] [--latency S]
python -m tests.support.fake --list
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from tests.support.fake.router import SERVED
from tests.support.fake.server import DEFAULT_DELAY, FakeApi


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.support.fake", description=__doc__)
    parser.add_argument("--scenario", default="ok", choices=SERVED)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--delay", type=float, default=DEFAULT_DELAY, help="for slow/stall")
    parser.add_argument(
        "--latency", type=float, default=0.0, help="seconds before every answer (e.g. 0.05)"
    )
    parser.add_argument("--list", action="store_true", help="print the scenario names")
    args = parser.parse_args(argv)
    if args.list:
        print("\n".join(SERVED))
        return 0
    # Ctrl-C and SIGTERM both stop it, even when started from a shell that ignores SIGINT
    # for background jobs (the disposition is inherited; Python then never raises
    # KeyboardInterrupt): a server nobody can interrupt outlives the test that started it.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    api = FakeApi(port=args.port, delay=args.delay, latency=args.latency).start()
    print(api.base_url(args.scenario), flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        api.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
