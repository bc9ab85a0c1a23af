"""Start the interactive app (``cftui`` with no command); the only command that imports
Textual. Its options are the top-level ones (``--profile``, ``--demo``)."""

from __future__ import annotations

import argparse
import contextlib
import sys
from typing import TYPE_CHECKING, TextIO

from cftui.core.errors import UsageError

if TYPE_CHECKING:
    from cftui.cli.context import Context


def _terminal(stream: TextIO | None) -> bool:
    """Whether ``stream`` is an open terminal (``cftui <&-`` leaves ``sys.stdin`` as None)."""
    try:
        return stream is not None and stream.isatty()
    except ValueError:  # closed
        return False


def _say(line: str) -> None:
    """One line on stderr; after a hang-up there is no terminal left to say it on."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        print(line, file=sys.stderr, flush=True)


def run(args: argparse.Namespace, context: Context) -> int:
    profile: str | None = getattr(args, "profile", None)
    demo = bool(getattr(args, "demo", False))
    if not demo:
        from cftui.commands.passphrase_prompt import open_keyring_for_the_app

        open_keyring_for_the_app(profile, context.env)
    if not (_terminal(sys.stdin) and _terminal(sys.stdout)):
        raise UsageError(
            "The interactive app needs a terminal.",
            hint="In scripts, use `cftui whoami` or `cftui whoami --json`.",
        )
    from cftui.ui.app import CftuiApp

    # A store in the demo too: logging in from it saves exactly as from anywhere else. The
    # demo itself never reads it, so the keyring is touched only if the user logs in.
    store = context.profile_store()
    app = CftuiApp(
        store, profile=profile, env=context.env, demo=demo, client_factory=context.async_client
    )
    state = app.run()
    if state is None:  # Textual reported a crash itself
        return app.return_code or 0
    if state.message:
        _say(f"cftui: {state.message}")
    return int(state.code)
