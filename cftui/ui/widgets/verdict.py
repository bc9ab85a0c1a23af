"""A profile's verdict as one cell: a symbol and the word (never colour alone), then the
expiry in days left, as ``cftui status`` words them; and the question asked before switching
to a profile that will not work. Everything here is plain ``Text``: a reason quotes the API.
"""

from __future__ import annotations

from rich.text import Text

from cftui.core.fleet.health import Health, Verdict
from cftui.core.text import sanitize

CHECKING = "… checking"
VERDICT_WIDTH = len("! expiring · 14 days left")
"""The widest cell there is, so the column is laid out once and never jumps as checks land."""
_LOOK = {
    Verdict.OK: ("✓", "green"),
    Verdict.EXPIRING: ("!", "yellow"),
    Verdict.REJECTED: ("✗", "red"),
    Verdict.UNREACHABLE: ("?", "yellow"),
    Verdict.MISSING: ("✗", "red"),
    Verdict.LOCKED: ("✗", "red"),
}
STOPPING = frozenset((Verdict.REJECTED, Verdict.MISSING, Verdict.LOCKED))
"""Verdicts worth a question before switching: the profile will not work."""


def _expiry(health: Health) -> str:
    if not health.verdict.usable:
        return ""
    if health.days_left is not None:
        days = health.days_left
        return f" · {days} day{'' if days == 1 else 's'} left"
    if health.never_expires:
        return " · never expires"
    return ""


def verdict_cell(health: Health | None) -> Text:
    """``✓ ok · 42 days left``, ``! expiring · 5 days left``, ``✗ rejected``; ``… checking``
    until the check lands."""
    if health is None:
        return Text(CHECKING, style="dim")
    symbol, colour = _LOOK[health.verdict]
    cell = Text(f"{symbol} {health.verdict.value}", style=f"bold {colour}")
    cell.append(_expiry(health))
    return cell


def switch_question(name: str, health: Health) -> str:
    """Why the profile will not work, before the app switches to it."""
    why = sanitize(health.reason) if health.reason else "Cloudflare did not say why."
    return (
        f"Profile '{sanitize(name)}' is {health.verdict.value}: {why} "
        "Switch to it anyway? Its data will not load."
    )
