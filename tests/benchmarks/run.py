"""The one benchmark command: ``python -m tests.benchmarks.run`` (see ``--help``).

Runs every measure against loopback only, interleaving the candidates, and writes
``tests/benchmarks/RESULTS.md`` (plus raw samples in ``tests/benchmarks/out/raw.json``).
It is a script, not a test: it states where cftui stands and asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

from tests.benchmarks import (
    machine,
    profiling,
    section_accounts,
    section_http_scale,
    section_imports,
    section_paint,
    section_parse,
    section_ui,
    section_whoami,
)
from tests.benchmarks.env import FAKE_TOKEN, HERE, OUT, child_env, sdk_python
from tests.benchmarks.loopback import whoami_server

SECTIONS = ("whoami", "imports", "paint", "parse", "ui", "http-scale", "accounts")
Section = Callable[[], tuple[list[str], dict[str, object]]]


def _args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m tests.benchmarks.run", description=__doc__)
    p.add_argument("--runs", type=int, default=15, help="runs per candidate (default 15)")
    p.add_argument("--only", default=",".join(SECTIONS), help="comma-separated sections")
    p.add_argument(
        "--sizes", default="10,1000,10000", help="organization counts for the scaling runs"
    )
    p.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    p.add_argument(
        "--baseline",
        type=Path,
        metavar="DIR",
        help="a checkout of another revision: its whoami runs alongside, for before/after",
    )
    p.add_argument(
        "--latency",
        type=float,
        default=0.0,
        metavar="MS",
        help="milliseconds the fake API holds every answer, like a distant server (default 0)",
    )
    p.add_argument(
        "--profile",
        action="store_true",
        help="also write pyinstrument / -X importtime profiles to tests/benchmarks/out/",
    )
    args = p.parse_args(argv)
    if args.runs < 10:
        print("note: fewer than 10 runs; not a publishable result", file=sys.stderr)
    unknown = set(args.only.split(",")) - set(SECTIONS)
    if unknown:
        p.error(f"unknown sections {sorted(unknown)}; choose from {', '.join(SECTIONS)}")
    return args


def _sdk_versions(python: Path) -> dict[str, str]:
    code = (
        "from importlib.metadata import version as v; "
        "print(' '.join(f'{d}={v(d)}' for d in ('cloudflare', 'httpx', 'pydantic')))"
    )
    out = subprocess.run([str(python), "-c", code], capture_output=True, text=True, timeout=60)
    return dict(item.split("=", 1) for item in out.stdout.split())


def main(argv: list[str] | None = None) -> int:
    args = _args(argv)
    only = args.only.split(",")
    sizes = [int(s) for s in args.sizes.split(",")]
    runs = args.runs
    sdk = sdk_python() if {"whoami", "imports", "http-scale"} & set(only) else Path("/nonexistent")
    lines: list[str] = []
    raw: dict[str, object] = {}
    with ExitStack() as stack:
        home = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="cftui-bench-")))
        url, expect_id, served_by = stack.enter_context(whoami_server(args.latency / 1000))
        env = child_env(home, CLOUDFLARE_API_TOKEN=FAKE_TOKEN, CLOUDFLARE_BASE_URL=url)
        sections: dict[str, Section] = {
            "whoami": lambda: section_whoami.run(url, expect_id, sdk, env, runs, args.baseline),
            "imports": lambda: section_imports.run(sdk, env, runs),
            "paint": lambda: section_paint.run(child_env(home), runs),
            "parse": lambda: section_parse.run(sizes, runs),
            "ui": lambda: section_ui.run(sizes, runs),
            "http-scale": lambda: section_http_scale.run(
                [s for s in sizes if s >= 1000], sdk, env, runs
            ),
            "accounts": lambda: section_accounts.run([s for s in sizes if s >= 1000], runs),
        }
        for name in SECTIONS:
            if name in only:
                print(f"== {name}", file=sys.stderr, flush=True)
                section_lines, raw[name] = sections[name]()
                lines += section_lines
        if args.profile:
            lines += profiling.run(env)
    header = [
        "# cftui benchmarks",
        "",
        "Written by `python -m tests.benchmarks.run` "
        f"(`--runs {runs} --sizes {args.sizes}`); medians with min–max, all candidates "
        f"interleaved round-robin in one run. `whoami` peers talk to {served_by} on loopback.",
        "",
        *machine.describe(_sdk_versions(sdk) if sdk.exists() else {}),
        "",
    ]
    args.output.write_text("\n".join(header + lines), encoding="utf-8")
    OUT.mkdir(exist_ok=True)
    (OUT / "raw.json").write_text(json.dumps(raw, indent=1), encoding="utf-8")
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
