"""What creating its dataclasses costs ``cftui whoami``: one in-process run, every class the
run defines timed as ``dataclasses`` builds it (Python 3.11 compiles each generated method
with ``exec``). The environment names the server, as for ``cftui whoami``.

    python -m tests.benchmarks.dataclass_cost

Prints one JSON object: classes and seconds, cftui's and all.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import json
import sys
import time
from typing import Any

_made: list[tuple[str, float]] = []
_build: Any = dataclasses._process_class  # type: ignore[attr-defined]


def _timed(cls: type, *args: Any, **kwargs: Any) -> Any:
    start = time.perf_counter()
    try:
        return _build(cls, *args, **kwargs)
    finally:
        _made.append((cls.__module__, time.perf_counter() - start))


def main() -> None:
    dataclasses._process_class = _timed  # type: ignore[attr-defined]
    start = time.perf_counter()
    from cftui.cli.main import main as cftui

    with contextlib.redirect_stdout(io.StringIO()):
        code = cftui(["whoami"])
    ours = [s for module, s in _made if module.split(".")[0] == "cftui"]
    out = {
        "exit": code,
        "whole_run": time.perf_counter() - start,
        "classes": len(_made),
        "seconds": sum(s for _, s in _made),
        "cftui_classes": len(ours),
        "cftui_seconds": sum(ours),
    }
    print(json.dumps(out), file=sys.__stdout__)


if __name__ == "__main__":
    main()
