"""Plain-text and JSON renderings of what ``whoami`` fetched, for the shell.

All strings from the API were sanitized by the models; nothing here adds colour or escape
sequences, so the output is safe to paste, pipe and log.

``whoami --json`` (schema 1, described in the README): ``schema``; ``user`` (``/user``'s
fields, unknown ones included); ``credential`` (``kind``, ``source``, ``profile``, ``masked``);
``token`` (``status``, ``health``, ``expires_on``, ``not_before``, ``days_left``, ``id``,
``account``, and ``permissions`` where the token may read itself: ``name``, ``summary``,
``policies`` with ``effect``, ``permission_groups`` and ``resources`` in words, ``ip``; or
``permissions.error`` naming the missing permission; or ``error`` when the check failed; null
for a Global API key); ``accounts``
(every account, from ``/memberships`` and ``/user``'s organizations: ``id``, ``name``,
``status``, ``roles``, ``sources``, ``permissions``; ``policies`` with ``--policies``) and
``memberships`` (how that listing went); and, as before schema 1, ``source``, ``profile``,
``auth``, ``ratelimit``, ``messages`` and ``notes``. A failure prints ``schema`` and ``error``,
plus ``credential`` and ``token`` when known.
"""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

from cftui.core.errors import ApiError, CftuiError, MalformedResponseError, RateLimitedError
from cftui.core.text import shorten

if TYPE_CHECKING:  # annotations only: an error before the request must not pay for httpx
    from datetime import datetime

    from cftui.commands.whoami_fit import Summary
    from cftui.core.credentials.profiles import ResolvedCredential
    from cftui.core.models.user import User
    from cftui.core.overview.check import Overview
    from cftui.core.overview.quick import QuickCheck

SCHEMA = 1
SPARE = (
    "rate limit", "betas", "zipcode", "telephone", "country", "zones", "username", "member",
    "suspended",
)  # fmt: skip
"""The summary's rows a short screen may go without, first first; never the name, the id,
2FA, the accounts, where the credential came from and the token (a suspended account says
so in a line of its own, above these)."""
MAX_FIELD = 120
_MAX_INT_BITS = 14_000
"""About 4,200 digits: below Python's limit for turning an int into text (4,300 by default)."""


def strict_json(value: Any) -> Any:
    """``value`` with what strict JSON cannot hold made ``null``, as JavaScript does.

    Python's parser reads ``1e999`` as infinity, and ``json.dumps`` would write that back as
    ``Infinity``, which strict readers refuse. Large integers are valid JSON and stay (``jq``
    reads them as the nearest double); only one too long to print at all becomes ``null``.
    """
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, int) and not isinstance(value, bool):
        return value if value.bit_length() <= _MAX_INT_BITS else None
    if isinstance(value, dict):
        return {str(k): strict_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [strict_json(v) for v in value]
    return value


def dumps(doc: Any) -> str:
    """JSON for scripts: strict (no ``NaN``/``Infinity``), UTF-8, indented."""
    return json.dumps(strict_json(doc), indent=2, ensure_ascii=False, allow_nan=False)


def _flag(value: bool | None, yes: str = "yes", no: str = "no") -> str:
    if value is None:
        return "unknown"
    return yes if value else no


def _tier(label: str, value: bool | None) -> str:
    mark = "?" if value is None else ("✓" if value else "✗")
    return f"{mark} {label}"


def _headline(user: User) -> str:
    """``Ada Lovelace <ada@example.com>``; just the email when that is the name."""
    name = shorten(user.display_name, MAX_FIELD)
    if user.email and user.email != user.display_name:
        return f"{name} <{shorten(user.email, MAX_FIELD)}>"
    return name


def _identity_rows(user: User) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    if user.id and user.id != user.display_name:
        rows.append(("id", user.id))
    if user.distinct_username:
        rows.append(("username", user.distinct_username))
    since = []
    if user.created_on is not None:
        since.append(f"since {user.created_on.date_text}")
    if user.modified_on is not None:
        since.append(f"profile modified {user.modified_on.date_text}")
    if since:
        rows.append(("member", ", ".join(since)))
    return rows


def whoami_summary(
    overview: Overview,
    resolved: ResolvedCredential,
    now: datetime,
    *,
    again: str,
    invites: str = "cftui invites",
    quick: QuickCheck | None = None,
) -> Summary:
    """The summary: the head (who, the credential, the token), the accounts, what follows
    them; ``again`` is the command that lists every account, ``invites`` the invitations;
    ``quick``: the check read page 1 only, so the counts come from it (``whoami_accounts``)."""
    from cftui.commands.accounts_output import account_lines
    from cftui.commands.whoami_accounts import listed_accounts
    from cftui.commands.whoami_fit import Summary
    from cftui.core.overview.token_report import token_report

    response = overview.response()
    user = response.user
    out = [_headline(user)]
    if user.suspended:
        out.append("  !! this account is SUSPENDED")
    report = token_report(overview, now)
    listed = listed_accounts(overview, invites, quick)
    rows: list[tuple[str, str]] = [
        *_identity_rows(user),
        ("country", user.country or "—"),
        ("zipcode", user.zipcode or "—"),
        ("telephone", user.telephone or "—"),
        (
            "2FA",
            f"{_flag(user.two_factor_authentication_enabled, 'enabled', 'disabled')}, "
            f"{_flag(user.two_factor_authentication_locked, 'locked', 'not locked')}",
        ),
        ("suspended", _flag(user.suspended)),
        (
            "zones",
            "  ".join(
                (
                    _tier("Pro", user.has_pro_zones),
                    _tier("Business", user.has_business_zones),
                    _tier("Enterprise", user.has_enterprise_zones),
                )
            ),
        ),
        ("betas", ", ".join(user.betas) if user.betas else "none"),
        ("accounts", listed.line),
        ("auth", f"{resolved.source} ({resolved.credential.describe()})"),
        ("token", report.line),
    ]
    if report.reason:
        rows.append(("", report.reason))
    if overview.own.line:
        rows.append(("", overview.own.line))
    if response.ratelimit is not None and response.ratelimit.remaining is not None:
        rows.append(("rate limit", response.ratelimit.describe()))
    first = len(out)
    out.extend(f"  {label:<10} {shorten(value, MAX_FIELD)}" for label, value in rows)
    labels = [label for label, _ in rows]
    spare = [first + labels.index(label) for label in SPARE if label in labels]
    tail = [f"message from Cloudflare: {m}" for m in response.messages]
    if report.note:
        from cftui.core.overview.token_report import SCOPED_TOKEN_ADVICE

        tail.append(f"note: {SCOPED_TOKEN_ADVICE}")
    return Summary(
        head=out,
        accounts=lambda shown: account_lines(listed.rows, shown),
        known=len(listed.rows),
        total=listed.total,
        tail=tail,
        again=again,
        spare=spare,
        at_least=listed.at_least,
    )


def credential_json(
    overview: Overview, resolved: ResolvedCredential, now: datetime
) -> dict[str, Any]:
    from cftui.core.overview.token_report import token_report

    credential = resolved.credential
    return {
        "kind": overview.kind.value,
        "source": resolved.source,
        "profile": resolved.profile,
        "masked": credential.masked,
        "email": getattr(credential, "email", None),
        "note": token_report(overview, now).note,
    }


def whoami_json(
    overview: Overview, resolved: ResolvedCredential, now: datetime, *, policies: bool = False
) -> str:
    from cftui.commands.accounts_output import accounts_json
    from cftui.core.overview.token_report import token_json

    response = overview.response()
    user_json: dict[str, Any] = dict(response.user.extra)
    user_json.update(response.user.to_json())
    rl = response.ratelimit
    doc = {
        "schema": SCHEMA,
        "user": user_json,
        "credential": credential_json(overview, resolved, now),
        "token": token_json(overview, now),
        **accounts_json(overview, policies=policies),
        "source": resolved.source,
        "profile": resolved.profile,
        "auth": resolved.credential.kind,
        "ratelimit": None
        if rl is None
        else {"limit": rl.limit, "remaining": rl.remaining, "reset": rl.reset},
        "messages": [{"code": m.code, "message": m.message} for m in response.messages],
        "notes": list(resolved.notes),
    }
    return dumps(doc)


def error_json(
    error: CftuiError,
    overview: Overview | None = None,
    resolved: ResolvedCredential | None = None,
    now: datetime | None = None,
) -> str:
    """The failure as JSON: ``error`` always; ``credential`` and ``token`` once known."""
    body: dict[str, Any] = {
        "type": type(error).__name__,
        "message": error.message,
        "hint": error.hint,
        "exit_code": int(error.exit_code),
    }
    if isinstance(error, ApiError):
        body["status"] = error.status
        body["codes"] = list(error.codes)
    if isinstance(error, RateLimitedError):
        body["retry_after"] = error.retry_after
    if isinstance(error, MalformedResponseError):
        body["path"] = error.path
        body["status"] = error.status
    doc: dict[str, Any] = {"schema": SCHEMA, "error": body}
    if overview is not None and resolved is not None and now is not None:
        from cftui.core.overview.token_report import token_json

        doc["credential"] = credential_json(overview, resolved, now)
        doc["token"] = token_json(overview, now)
    return dumps(doc)
