"""cftui reaches into three private places of its dependencies; ``pyproject.toml`` pins each
dependency below its next minor release, and these tests fail loudly, naming the attribute,
the day an upgrade moves one of them (instead of cftui quietly losing what it relied on).

- httpx/httpcore: the deadline wraps the connection pool's ``_pool._network_backend``
  (``cftui/core/api/deadline.py``).
- httpx: ``import httpx`` imports ``httpx._main`` (its own CLI: click, rich, pygments), which
  ``cftui/core/api/__init__.py`` stands in for.
- Textual: the footer uses ``textual.widgets._footer.FooterKey`` and drops stale entries from a
  node's ``__watchers`` (``cftui/ui/widgets/footer.py``).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpcore
import httpx
from textual.app import App, ComposeResult
from textual.reactive import reactive
from textual.widget import Widget

from cftui.core.api.transport.deadline import enforce
from tests.support.fixed_clock import REPO


def test_httpx_transport_has_the_pool_and_backend_the_deadline_wraps() -> None:
    transport = httpx.HTTPTransport()
    try:
        pool = transport._pool
        assert isinstance(pool._network_backend, httpcore.NetworkBackend)
        wrapped = enforce(transport)._pool._network_backend
        assert type(wrapped).__name__ == "_Backend"  # the wrapper is in place
    finally:
        transport.close()


def test_httpx_still_imports_its_cli_module_and_the_stand_in_takes_its_place() -> None:
    script = (
        "import sys, cftui.core.api, httpx\n"
        "stand_in = sys.modules['httpx._main']\n"
        "print(stand_in.__doc__)\n"
        "print('click' in sys.modules, 'rich' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        timeout=60,
        check=True,
    )
    doc, loaded = done.stdout.splitlines()
    assert doc == "Stands in for httpx's CLI until it is used."
    assert loaded == "False False"
    source = Path(httpx.__file__ or "").read_text(encoding="utf-8")
    assert "from ._main import main" in source  # else the stand-in is no longer needed


class _Watched(Widget):
    value: reactive[int] = reactive(0)


class _Host(App[None]):
    def compose(self) -> ComposeResult:
        yield _Watched()


async def test_textual_keeps_watchers_where_the_footer_prunes_them() -> None:
    from textual.widgets._footer import FooterKey

    assert issubclass(FooterKey, Widget)
    app = _Host()
    async with app.run_test() as pilot:
        watched = app.query_one(_Watched)
        seen: list[int] = []

        def saw(value: int) -> None:
            seen.append(value)

        app.screen.watch(watched, "value", saw, init=False)
        watchers = getattr(watched, "__watchers", None)
        assert isinstance(watchers, dict) and "value" in watchers
        assert all(isinstance(entry, tuple) and len(entry) == 2 for entry in watchers["value"])
        watched.value = 1
        await pilot.pause()
        assert seen == [1]
