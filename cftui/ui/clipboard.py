"""Whether a clipboard request from the app can reach the clipboard, and what to do if not.

The app copies with OSC 52, an escape sequence the terminal turns into a clipboard write:
it works over SSH, but nothing ever answers it, so the app cannot claim a copy succeeded.
What it can know is when something between it and the terminal drops the request:

- tmux passes requests from programs on only when its ``set-clipboard`` option is ``on``.
  Its default, ``external``, lets tmux's own copy mode set the terminal's clipboard but
  ignores requests from programs, exactly like ``off`` (tmux 3.3 to 3.5 return early from
  their OSC 52 handler unless the option is ``on``). The pane's ``TMUX`` names the server,
  which is asked.
- GNU screen never passes them on (``STY`` names its session).
- Over SSH from inside either, only ``TERM`` (``screen…``, ``tmux…``) hints at them, and
  nothing can be asked.

No Textual here: what to say is decided from the environment and one injectable question
to tmux, so tests give both instead of depending on the terminal they run in.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from cftui.core.text import sanitize, shorten

TmuxQuery = Callable[[Mapping[str, str]], str | None]
"""Asks the tmux server named by ``TMUX`` for its ``set-clipboard`` value; ``None`` when it
cannot tell (no tmux on ``PATH``, no answer in time, an answer it does not know)."""

TMUX_TIMEOUT = 2.0
"""Seconds to wait for tmux: a local server answers in milliseconds, a wedged one never."""

TMUX_FIX = (
    "Add `set -g set-clipboard on` to ~/.tmux.conf,\nthen run `tmux source-file ~/.tmux.conf`."
)
SCREEN_FIX = "Run cftui outside screen, or in tmux with `set -g set-clipboard on`."
BY_HAND = "Select it with your terminal's own selection (shift+drag in most terminals)."
BY_HAND_TMUX = (
    "Select it with tmux's copy mode (prefix then [), which does reach the clipboard, "
    "or with your terminal's own selection (shift+drag in most terminals)."
)


@dataclass(frozen=True, slots=True)
class ClipboardRoute:
    """What became of a copy: ``sent`` (nothing known to drop it), ``dropped`` (something on
    the way is known to discard it) or ``unsure`` (something on the way may discard it)."""

    reaches: Literal["sent", "dropped", "unsure"]
    why: str = ""
    fix: str = ""
    by_hand: str = BY_HAND


SENT = ClipboardRoute("sent")


def ask_tmux(env: Mapping[str, str]) -> str | None:
    """``tmux show -gv set-clipboard`` against the server the environment's ``TMUX`` names."""
    tmux = shutil.which("tmux", path=env.get("PATH", os.defpath))
    if tmux is None:
        return None
    try:
        answer = subprocess.run(
            [tmux, "show-options", "-gv", "set-clipboard"],
            env=dict(env),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=TMUX_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    value = answer.stdout.strip()
    return value if answer.returncode == 0 and value in ("on", "external", "off") else None


def clipboard_route(env: Mapping[str, str], ask: TmuxQuery = ask_tmux) -> ClipboardRoute:
    """Where a clipboard request goes from here; may run ``ask`` (a subprocess): call it off
    the event loop when ``TMUX`` is set."""
    if env.get("TMUX"):
        setting = ask(env)
        if setting == "on":
            return SENT
        if setting is not None:
            why = f"tmux drops clipboard requests from programs (its set-clipboard is {setting})."
            return ClipboardRoute("dropped", why, TMUX_FIX, BY_HAND_TMUX)
        why = "tmux passes clipboard requests on only with set-clipboard on (tmux did not say)."
        return ClipboardRoute("unsure", why, TMUX_FIX, BY_HAND_TMUX)
    if env.get("STY"):
        return ClipboardRoute("dropped", "GNU screen drops clipboard requests.", SCREEN_FIX)
    term = shorten(sanitize(env.get("TERM", "")), 40)
    if term.startswith(("screen", "tmux")):
        why = (
            f"TERM is {term}: tmux passes clipboard requests on only with set-clipboard on, "
            "and GNU screen drops them."
        )
        return ClipboardRoute("unsure", why, TMUX_FIX)
    return SENT
