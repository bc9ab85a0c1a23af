"""Start the interactive app; the only command that imports Textual."""

from __future__ import annotations

import os
import sys

from cftui.core.errors import UsageError


def run_tui(*, profile: str | None, demo: bool) -> int:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError(
            "The interactive app needs a terminal.",
            hint="In scripts, use `cftui whoami` or `cftui whoami --json`.",
        )
    from cftui.core.profiles import ProfileStore
    from cftui.ui.app import CftuiApp

    store = None if demo else ProfileStore()
    app = CftuiApp(store, profile=profile, env=os.environ, demo=demo)
    state = app.run()
    if state is None:
        return 0
    if state.message:
        print(f"cftui: {state.message}", file=sys.stderr)
    return int(state.code)
