"""Small pieces of wording the screens share: a count with its noun, and the core's advice
said the way it works inside the TUI.

The core's hints name commands (``cftui login``, ``cftui --demo``) because the CLI is where
most of them are read; inside the TUI the same step is a key, and telling a user to quit and
type a command when a key does it is advice that does not fit. ``in_the_tui`` rewrites them
with the keys the bindings have now.
"""

from __future__ import annotations

import re

_LOGIN = r"`?cftui login(?: --profile (?P<name>[\w.@-]+))?`?"
_RUN_LOGIN = re.compile(r"\b[Rr]un " + _LOGIN)
_WITH_LOGIN = re.compile(r" with " + _LOGIN)
_PAREN_LOGIN = re.compile(r"\((?:run )?" + _LOGIN + r"\)")
_ANY_LOGIN = re.compile(_LOGIN)
_DEMO = re.compile(r"`?cftui --demo`?")


def counted(count: int, one: str, many: str) -> str:
    """``1 match``, ``5 matches``, ``1,200 matches``."""
    return f"{count:,} {one if count == 1 else many}"


def in_the_tui(text: str, *, login_key: str, demo_key: str) -> str:
    """``text`` with each ``cftui login`` (and ``cftui --demo``) turned into the key that does
    the same here: "Run `cftui login`" becomes "Press L to log in"."""

    def press(match: re.Match[str]) -> str:
        name = match.group("name")
        return f"Press {login_key} to log in" + (f" as profile {name}" if name else "")

    def key(match: re.Match[str]) -> str:
        name = match.group("name")
        return f"(press {login_key}" + (f", profile {name})" if name else ")")

    text = _RUN_LOGIN.sub(press, text)
    text = _PAREN_LOGIN.sub(key, text)
    text = _WITH_LOGIN.sub(lambda m: " " + key(m), text)
    text = _ANY_LOGIN.sub(lambda m: f"the log-in dialog ({login_key})", text)
    return _DEMO.sub(f"demo data ({demo_key})", text)


def remove_question(name: str) -> str:
    """What the profiles screen asks before it removes a profile."""
    return f"Remove profile '{name}'? The secret will be deleted from the keyring."
