"""The core never pulls in the UI toolkit: ``cftui whoami`` over SSH must stay fast, and the
core must stay usable from scripts and tests without a terminal."""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import cftui.core

CORE_DIR = Path(cftui.core.__file__).resolve().parent
REPO_ROOT = CORE_DIR.parent.parent
UI_PACKAGES = frozenset({"textual", "rich"})
# The vocabulary every other layer is built on; these must exist.
REQUIRED_CORE = ("errors", "text", "models", "credentials")


def core_modules() -> list[str]:
    names = sorted(
        "cftui.core" if path.stem == "__init__" else f"cftui.core.{path.stem}"
        for path in CORE_DIR.glob("*.py")
    )
    return names


def modules_to_import() -> list[str]:
    extra = [name for name in ("cftui.cli.main",) if importlib.util.find_spec(name) is not None]
    return [*core_modules(), *extra]


def test_the_core_vocabulary_exists() -> None:
    names = core_modules()
    for short in REQUIRED_CORE:
        assert f"cftui.core.{short}" in names


def test_importing_the_core_loads_neither_textual_nor_rich() -> None:
    modules = modules_to_import()
    assert "cftui.core.models.user" in modules
    script = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'rich'})\n"
        "print(json.dumps({'loaded': loaded, 'imported': sorted(m for m in sys.modules"
        " if m.startswith('cftui'))}))\n"
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    proc = subprocess.run(
        [sys.executable, "-c", script],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        env=env,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert set(modules) <= set(report["imported"])  # the loop really ran
    assert report["loaded"] == [], f"{report['loaded']} imported by {modules}"


def _ui_imports(path: Path) -> list[str]:
    """Every import of textual or rich in a file, including lazy ones inside functions."""
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif (
            isinstance(node, ast.Call)
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and (
                (isinstance(node.func, ast.Name) and node.func.id == "__import__")
                or (isinstance(node.func, ast.Attribute) and node.func.attr == "import_module")
            )
        ):
            names = [node.args[0].value]
        found += [
            f"{path.name}:{getattr(node, 'lineno', 0)} {n}"
            for n in names
            if n.split(".")[0] in UI_PACKAGES
        ]
    return found


@pytest.mark.parametrize("path", sorted(CORE_DIR.rglob("*.py")), ids=lambda p: p.name)
def test_no_core_file_imports_textual_or_rich(path: Path) -> None:
    assert _ui_imports(path) == []


@pytest.mark.parametrize(
    "source",
    [
        "import textual",
        "import rich.text",
        "import os, textual.app as app",
        "from textual.widgets import Static",
        "from rich import print",
        "def f():\n    from textual.app import App\n",
        "import importlib\nimportlib.import_module('rich.console')",
        "__import__('textual')",
    ],
)
def test_the_static_check_sees_ui_imports(source: str, tmp_path: Path) -> None:
    # Guards the check itself: each of these must be reported.
    sample = tmp_path / "sample.py"
    sample.write_text(source, encoding="utf-8")
    assert _ui_imports(sample)


@pytest.mark.parametrize(
    "source", ["import richard", "from textualize import x", "import os", "from . import rich"]
)
def test_the_static_check_has_no_false_positives(source: str, tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(source, encoding="utf-8")
    assert _ui_imports(sample) == []
