"""``--profile``: where the time of a missed target goes, kept beside the raw numbers.

pyinstrument is installed with ``pip --target`` into ``.tools`` (gitignored), so
neither cftui's venv nor its dependencies change. Profiles: ``cftui whoami`` against the
fake API, and ``-X importtime`` of the TUI's import path next to an empty Textual app's.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping

from tests.benchmarks import importtime, paint_imports
from tests.benchmarks.env import CFTUI, HERE, OUT, PY

TOOLS = HERE / ".tools"  # a dot directory: pytest does not collect it


def _pyinstrument() -> None:
    if not (TOOLS / "pyinstrument").exists():
        print("installing pyinstrument into out/ …", file=sys.stderr, flush=True)
        subprocess.run(
            [str(PY), "-m", "pip", "install", "-q", "--target", str(TOOLS), "pyinstrument"],
            check=True,
            timeout=600,
        )


def run(env: Mapping[str, str]) -> list[str]:
    _pyinstrument()
    OUT.mkdir(exist_ok=True)
    written = []
    profile_env = {**env, "PYTHONPATH": str(TOOLS)}
    target = OUT / "whoami.pyinstrument.txt"
    subprocess.run(
        [
            str(PY),
            "-m",
            "pyinstrument",
            "-i",
            "0.0005",
            "-r",
            "text",
            "-o",
            str(target),
            str(CFTUI),
            "whoami",
        ],
        env=profile_env,
        check=True,
        timeout=120,
        capture_output=True,
    )
    written.append(target.name)
    for name, code in (
        ("tui-imports", paint_imports.TUI_IMPORTS),
        ("empty-app-imports", paint_imports.EMPTY_IMPORTS),
    ):
        out = subprocess.run(
            [str(PY), "-X", "importtime", "-c", code],
            env=dict(env),
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        lines = importtime.parse(out.stderr)
        heavy = importtime.heaviest([lines], top=40)
        text = [
            f"total {importtime.total_ms(lines):.1f} ms",
            *(f"{'  ' * d}{m}  {v:.1f} ms" for m, v, d in heavy),
        ]
        (OUT / f"{name}.importtime.txt").write_text("\n".join(text) + "\n", encoding="utf-8")
        written.append(f"{name}.importtime.txt")
    return [
        "## Profiles",
        "",
        "Written to `tests/benchmarks/out/` (not committed): "
        + ", ".join(f"`{w}`" for w in written)
        + ".",
        "",
    ]
