"""What ``cftui status`` prints: a block per credential (80 columns), or schema-1 JSON.

Everything from the API reached ``Health`` sanitized; it is sanitized once more here with
the rest (a profile name, a backend's name), and cut to fit the line. No secret is printed:
a credential shows only its ``abcd…wxyz`` mask.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from cftui.core.fleet.health import Health, Verdict
from cftui.core.fleet.roster import Entry, Roster
from cftui.core.fleet.run import Checked
from cftui.core.overview.credential_kind import KIND_LABELS
from cftui.core.text import sanitize, shorten

WIDTH = 80
LABEL = 12
_VALUE = WIDTH - 2 - LABEL


def _marks(entry: Entry) -> str:
    marks = [m for m, on in (("default", entry.default), ("in use", entry.in_use)) if on]
    return f" ({', '.join(marks)})" if marks else ""


def _masked(entry: Entry) -> str | None:
    return None if entry.credential is None else entry.credential.masked


def _kind(entry: Entry, health: Health) -> str | None:
    if health.kind is None:
        return None
    label = KIND_LABELS[health.kind]
    masked = _masked(entry)
    return f"{label} {masked}" if masked else label


def _token(health: Health) -> str | None:
    if health.note is not None:
        return health.note
    return health.token_summary


def _accounts(health: Health) -> str | None:
    if health.accounts.value is None and health.invitations.value is None:
        return None
    accounts = f"{health.accounts} account" + ("" if health.accounts.value == 1 else "s")
    pending = health.invitations
    if pending.value is None:
        return f"{accounts}; pending invitations unknown"
    return f"{accounts}, {pending} pending invitation" + ("" if pending.value == 1 else "s")


def _rows(entry: Entry, health: Health) -> Iterator[tuple[str, str | None]]:
    yield "secret in", entry.source
    yield "kind", _kind(entry, health)
    yield "whose", health.whose
    yield "token", _token(health)
    yield "accounts", _accounts(health)
    if health.missing_permissions:
        yield "lacks", ", ".join(health.missing_permissions)
    if not health.verdict.usable:
        yield "why", health.reason


def _block(checked: Checked) -> str:
    entry, health = checked.entry, checked.health
    head = f"{sanitize(entry.name)}{_marks(entry)}: {health.verdict.value}"
    lines = [shorten(head, WIDTH)]
    for label, value in _rows(entry, health):
        if not value:
            continue
        said = sanitize(value)
        # The reason is worth reading whole (at most a few lines); the rest is one line each.
        parts = _wrapped(said) if label == "why" else [shorten(said, _VALUE)]
        lines.append(f"  {label:<{LABEL}}{parts[0]}")
        lines.extend(" " * (2 + LABEL) + part for part in parts[1:])
    return "\n".join(lines)


def _wrapped(text: str, most: int = 3) -> list[str]:
    import textwrap

    parts = textwrap.wrap(text, _VALUE, break_long_words=True) or [""]
    if len(parts) > most:
        parts = [*parts[: most - 1], shorten(" ".join(parts[most - 1 :]), _VALUE)]
    return parts


def format_status(checked: Sequence[Checked]) -> str:
    """A block per credential, a blank line between them."""
    return "\n\n".join(_block(c) for c in checked)


def credential_json(checked: Checked) -> dict[str, Any]:
    entry = checked.entry
    return {
        "name": entry.name,
        "profile": entry.profile,
        "default": entry.default,
        "in_use": entry.in_use,
        "secret_location": sanitize(entry.source),
        "masked": _masked(entry),
        **checked.health.to_json(),
    }


def status_json(checked: Sequence[Checked]) -> str:
    from cftui.commands.output import dumps

    return dumps({"schema": 1, "credentials": [credential_json(c) for c in checked]})


def warnings(checked: Sequence[Checked], roster: Roster) -> Iterator[tuple[str, str | None]]:
    """What stderr says, ``(message, hint)``: each expiring credential, and a keyring that
    could not be read (its message and hint, as any command's error)."""
    for c in checked:
        if c.health.verdict is Verdict.EXPIRING:
            expiry = c.health.expiry or "expires soon"
            name = sanitize(c.entry.name)
            yield f"warning: {name}: the token {expiry}; roll it before then.", None
    if roster.keyring_error is not None:
        error = roster.keyring_error
        yield error.message, error.hint or None
