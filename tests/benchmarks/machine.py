"""What the numbers were measured on: without this, a results table is an anecdote."""

from __future__ import annotations

import datetime as dt
import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path

from tests.benchmarks.env import ROOT, tool_version


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _ram() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def _revision() -> str:
    """The commit measured, and whether the work tree differed from it."""
    out = subprocess.run(
        ["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    return out.stdout.strip() or "unknown"


def describe(sdk_versions: dict[str, str], sdk_problem: str = "") -> list[str]:
    packages = ", ".join(
        f"{d} {_version(d)}" for d in ("cftui-user", "textual", "rich", "httpx", "keyring")
    )
    sdk = ", ".join(f"{k} {v}" for k, v in sdk_versions.items())
    sdk = sdk or (f"not measured: {sdk_problem}" if sdk_problem else "not measured")
    return [
        f"- date: {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- machine: {os.cpu_count()} CPUs (`nproc` {len(os.sched_getaffinity(0))}), "
        f"{_cpu_model()}, {_ram()} RAM, {platform.system()} {platform.release()}",
        f"- cftui revision: `{_revision()}`",
        f"- Python {platform.python_version()} ({platform.python_implementation()})",
        f"- packages: {packages}",
        f"- SDK venv: {sdk}",
        f"- tools: {tool_version(['curl', '--version'])}; {tool_version(['tmux', '-V'])}",
    ]
