"""Where things live, and the clean environment every child process gets.

Children get a small, explicit environment (no proxies, no ``NO_COLOR``, no user config),
so the candidates differ only in what they are.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
OUT = HERE / "out"
SDK_VENV = HERE / ".venv-sdk"
HTTPX_VENV = HERE / ".venv-httpx"
PY = Path(sys.executable)
CFTUI = PY.parent / "cftui"
FAKE_TOKEN = "Bench0Token0Not0A0Secret0xxxxxxxxxxxxxx1"  # 40 URL-safe characters, fake
assert len(FAKE_TOKEN) == 40


def sdk_python() -> tuple[Path | None, str]:
    """The SDK's own venv (created on first use; cloudflare is no dependency of cftui), or
    ``None`` and why not: without a package index the SDK's rows are left out and RESULTS.md
    says so, rather than the whole run failing."""
    python = SDK_VENV / "bin" / "python"
    if python.exists():
        return python, ""
    print(f"creating {SDK_VENV} (pip install cloudflare) …", file=sys.stderr, flush=True)
    try:
        subprocess.run([sys.executable, "-m", "venv", str(SDK_VENV)], check=True, timeout=300)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "cloudflare"], check=True, timeout=900
        )
    except (subprocess.SubprocessError, OSError) as exc:
        shutil.rmtree(SDK_VENV, ignore_errors=True)
        why = f"`pip install cloudflare` into `{SDK_VENV.name}` failed ({type(exc).__name__})"
        print(f"not measuring the SDK: {why}", file=sys.stderr, flush=True)
        return None, why
    return python, ""


def httpx_python() -> Path:
    """A venv holding httpx alone, at the version cftui runs with (created on first use).

    The one-liner in cftui's own venv is not "bare": the test tools there bring click, and
    httpx imports its command-line tool (click, rich, pygments) whenever click is
    importable, tens of milliseconds and ~6 MiB that a user's httpx does not pay.
    """
    from importlib.metadata import version

    python = HTTPX_VENV / "bin" / "python"
    wanted = version("httpx")
    check = [str(python), "-c", "import httpx; print(httpx.__version__)"]
    if python.exists():
        said = subprocess.run(check, capture_output=True, text=True, timeout=60, check=False)
        if said.stdout.strip() == wanted:
            return python
    print(f"creating {HTTPX_VENV} (pip install httpx=={wanted}) …", file=sys.stderr, flush=True)
    subprocess.run(
        [sys.executable, "-m", "venv", "--clear", str(HTTPX_VENV)], check=True, timeout=300
    )
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", f"httpx=={wanted}"], check=True, timeout=900
    )
    return python


def child_env(home: Path, **extra: str) -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "TERM": "xterm-256color",
        "CFTUI_CONFIG_DIR": str(home / "cftui-config"),
    }
    env.update(extra)
    return env


def tool_version(argv: list[str]) -> str:
    if shutil.which(argv[0]) is None and not Path(argv[0]).exists():
        return "not installed"
    out = subprocess.run(argv, capture_output=True, text=True, timeout=30, check=False)
    return (out.stdout or out.stderr).strip().splitlines()[0]
