"""The core never pulls in the UI toolkit at run time: ``cftui whoami`` over SSH must stay
fast, and the core must stay usable from scripts and tests without a terminal.

Which package may import what is stated by import-linter (``pyproject.toml``, ``lint-imports``
in CI); this test checks what actually happens when every core module is imported.
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import cftui.core
from tests.support.fixed_clock import REPO


def core_modules() -> list[str]:
    walked = pkgutil.walk_packages(cftui.core.__path__, prefix="cftui.core.")
    return sorted(["cftui.core", *(module.name for module in walked)])


def test_importing_the_core_loads_neither_textual_nor_rich() -> None:
    modules = [*core_modules(), "cftui.cli.main"]
    assert {"cftui.core.models.user", "cftui.core.api.client"} <= set(modules)
    script = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'rich'})\n"
        "print(json.dumps({'loaded': loaded, 'imported': sorted(m for m in sys.modules"
        " if m.startswith('cftui'))}))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert set(modules) <= set(report["imported"])  # the loop really ran
    assert report["loaded"] == [], f"{report['loaded']} imported by {modules}"
