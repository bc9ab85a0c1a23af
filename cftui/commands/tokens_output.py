"""What ``cftui tokens`` prints: each token in a few lines that fit 80 columns, or JSON.

Text from the API (names, group names) is already sanitized by the models; it is shortened
or wrapped here so that no line passes 80 columns, whatever the API sent.
"""

from __future__ import annotations

import json
import textwrap
from datetime import datetime
from typing import Any

from cftui.core.dates import relative_days
from cftui.core.models.user_token import TokenDetails, TokenPolicy
from cftui.core.text import shorten
from cftui.core.tokens.describe import describe_policy, ip_words
from cftui.core.tokens.hygiene import FLAGS
from cftui.core.tokens.inventory import TokenRow

WIDTH = 80
INDENT = "    "
NAME_LIMIT = 60


def _status(token: TokenDetails) -> str:
    return token.status or "status not given"


def _expiry(row: TokenRow) -> str:
    stamp = row.token.expires_on
    if stamp is None:
        return "never expires"
    left = row.hygiene.days_left
    verb = "expired" if "expired" in row.hygiene.flags and (left or 0) <= 0 else "expires"
    if left is None:
        return f"{verb} {stamp.text}"
    return f"{verb} {stamp.date_text} ({relative_days(left)})"


def _last_used(row: TokenRow) -> str:
    days = row.hygiene.last_used_days
    if row.token.last_used_on is None:
        return "never used"
    if days is None:
        return f"last used {row.token.last_used_on.text}"
    return f"last used {relative_days(-days)}"


def _modified(row: TokenRow) -> str:
    days = row.hygiene.modified_days
    if days is None:
        stamp = row.token.modified_on
        return "modified " + (stamp.text if stamp is not None else "(date not given)")
    return f"modified {relative_days(-days)}"


def _wrapped(label: str, text: str) -> list[str]:
    return textwrap.wrap(
        text,
        WIDTH,
        initial_indent=f"{INDENT}{label}",
        subsequent_indent=INDENT + " " * len(label),
        break_on_hyphens=False,
    ) or [f"{INDENT}{label}".rstrip()]


def format_row(row: TokenRow) -> list[str]:
    t = row.token
    mark = "*" if row.current else " "
    status = shorten(_status(t), 20)
    tail = f"  [{status}]" + ("  (in use)" if row.current else "")
    name = shorten(t.name or "(unnamed token)", min(NAME_LIMIT, WIDTH - 2 - len(tail)))
    ip = "IP restriction yes" if row.hygiene.ip_restricted else "IP restriction no"
    lines = [f"{mark} {name}{tail}"]
    lines += _wrapped("id ", t.id or "(not given)")
    lines += _wrapped("", f"{_expiry(row)} · {_last_used(row)}")
    lines += _wrapped("", f"{_modified(row)} · {ip}")
    lines += _wrapped("scope: ", row.summary)
    lines += _wrapped("flags: ", ", ".join(row.hygiene.words) or "none")
    return lines


def format_list(rows: list[TokenRow], *, marked: bool) -> str:
    """Every token, most urgent first. ``marked``: the token in use could be told apart."""
    if not rows:
        return "No API tokens."
    count = len(rows)
    head = f"{count} API token{'s' if count != 1 else ''}, most urgent first"
    head += " (* the one in use):" if marked else ":"
    out = [head]
    for row in rows:
        out += ["", *format_row(row)]
    return "\n".join(out)


def _stamp(value: Any) -> str | None:
    return None if value is None else value.text


def _policy_json(policy: TokenPolicy) -> dict[str, Any]:
    return {
        "id": policy.id,
        "effect": policy.effect,
        "permission_groups": [{"id": g.id, "name": g.name} for g in policy.permission_groups],
        "resources": [{"key": k, "value": v} for k, v in policy.resources],
        "words": describe_policy(policy).lines(),
    }


def row_json(row: TokenRow) -> dict[str, Any]:
    t, h = row.token, row.hygiene
    return {
        "id": t.id,
        "name": t.name,
        "status": t.status,
        "in_use": row.current,
        "issued_on": _stamp(t.issued_on),
        "modified_on": _stamp(t.modified_on),
        "last_used_on": _stamp(t.last_used_on),
        "not_before": _stamp(t.not_before),
        "expires_on": _stamp(t.expires_on),
        "days_left": h.days_left,
        "last_used_days_ago": h.last_used_days,
        "modified_days_ago": h.modified_days,
        "ip_restricted": h.ip_restricted,
        "ip": None if t.ip is None else {"in": list(t.ip.allowed), "not_in": list(t.ip.denied)},
        "ip_words": ip_words(t.ip),
        "scope": row.summary,
        "flags": {flag: flag in h.flags for flag in FLAGS},
        "flag_words": list(h.words),
        "policies": [_policy_json(p) for p in t.policies],
    }


def list_json(
    rows: list[TokenRow], current_id: str | None, *, complete: bool, now: datetime
) -> str:
    doc = {
        "schema": 1,
        "checked_on": now.date().isoformat(),
        "token_in_use": current_id,
        "complete": complete,
        "tokens": [row_json(r) for r in rows],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False)
