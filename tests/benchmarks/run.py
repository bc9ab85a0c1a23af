"""The one benchmark command: ``python -m tests.benchmarks.run`` (see ``--help``).

Runs every measure against loopback only, interleaving the candidates, and writes
``tests/benchmarks/RESULTS.md`` (plus raw samples in ``tests/benchmarks/out/raw.json``).
It is a script, not a test: it states where cftui stands and asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
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
    section_memory,
    section_paint,
    section_parse,
    section_ui,
    section_whoami,
    summary,
)
from tests.benchmarks.env import FAKE_TOKEN, HERE, OUT, child_env, httpx_python, sdk_python
from tests.benchmarks.loopback import user_name, whoami_server

SECTIONS = ("whoami", "imports", "paint", "memory", "parse", "ui", "http-scale", "accounts")
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
        help="a checkout of another revision: its whoami and its app run alongside, "
        "for before/after",
    )
    p.add_argument(
        "--latency",
        type=float,
        default=50.0,
        metavar="MS",
        help="whoami also runs against the fake API holding every answer this long, like a "
        "distant server (default 50; 0 skips it)",
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


def _command(argv: list[str] | None) -> str:
    """The command that wrote the file, as typed (a ``--baseline`` checkout by its directory's
    name only: name it after its revision)."""
    words = list(sys.argv[1:] if argv is None else argv)
    for i, word in enumerate(words[:-1]):
        if word == "--baseline":
            words[i + 1] = f".../{Path(words[i + 1]).name}"
    return " ".join(["python -m tests.benchmarks.run", *words])


def _load() -> str:
    """The 1, 5 and 15 minute load averages: on a shared machine, part of the result."""
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    args = _args(argv)
    only = args.only.split(",")
    sizes = [int(s) for s in args.sizes.split(",")]
    runs = args.runs
    load_before = _load()
    peers = {"whoami", "imports", "http-scale"} & set(only)
    sdk, sdk_problem = sdk_python() if peers else (None, "")
    bare = httpx_python() if peers else Path("/nonexistent")
    lines: list[str] = []
    raw: dict[str, object] = {}
    with ExitStack() as stack:
        home = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="cftui-bench-")))
        url, expect_id, served_by = stack.enter_context(whoami_server())
        far = None
        if args.latency > 0:
            far, _, _ = stack.enter_context(whoami_server(args.latency / 1000))
        env = child_env(home, CLOUDFLARE_API_TOKEN=FAKE_TOKEN, CLOUDFLARE_BASE_URL=url)
        sections: dict[str, Section] = {
            "whoami": lambda: section_whoami.run(
                url, far, args.latency, expect_id, sdk, bare, env, runs, args.baseline
            ),
            "imports": lambda: section_imports.run(sdk, bare, env, runs),
            "paint": lambda: section_paint.run(
                child_env(home), runs, url, user_name(url), args.baseline
            ),
            "memory": lambda: section_memory.run(url, runs),
            "parse": lambda: section_parse.run(sizes, runs),
            "ui": lambda: section_ui.run(sizes, runs),
            "http-scale": lambda: section_http_scale.run(
                [s for s in sizes if s >= 1000], sdk, bare, env, runs
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
        f"Written by `{_command(argv)}`; medians with min–max, all candidates "
        f"interleaved round-robin in one run. `whoami` peers talk to {served_by} on loopback.",
        "",
        *machine.describe(_sdk_versions(sdk) if sdk else {}, sdk_problem),
        f"- load average before / after the run: {load_before} / {_load()}",
        "",
    ]
    top = summary.render(summary.ROWS)
    args.output.write_text("\n".join(header + top + lines), encoding="utf-8")
    OUT.mkdir(exist_ok=True)
    (OUT / "raw.json").write_text(json.dumps(raw, indent=1), encoding="utf-8")
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
