"""``cftui doctor``'s lines about the credential in use, from the same quick check and verdict
as ``cftui status`` (``core.fleet.health.judge``), so the two never disagree.

- ``Cloudflare API``: ✓ whose it is (an account token: its account), or ✗ with the refusal or
  the network trouble, its next step and its exit code (4, 5, 6);
- ``token``: ✓ its status and expiry; ! when it expires within 14 days (days left); a Global
  API key is said, once, to be unverifiable for expiry;
- ``permissions``: ✓ when every permission cftui uses answered; else one ! a permission it
  lacks, with what stays empty without it and where to grant it. An account token gets one !:
  what it is for, and what cftui needs instead.

Warnings (!) leave the exit code at 0: the credential works, with less.
"""

from __future__ import annotations

from datetime import datetime

from cftui.commands.doctor.checks import Check, Diagnosis
from cftui.core.credentials.env import ResolvedCredential
from cftui.core.env_advice import for_the_source, from_the_environment
from cftui.core.errors import CftuiError, ExitCode
from cftui.core.fleet.health import (
    API_TOKENS_READ,
    MEMBERSHIPS_READ,
    USER_DETAILS_READ,
    Health,
    Verdict,
    judge,
)
from cftui.core.fleet.permissions import PERMISSIONS, grant_step
from cftui.core.models.token import ACCOUNT_TOKENS_PAGE, USER_TOKENS_PAGE
from cftui.core.overview.credential_kind import KIND_LABELS, CredentialKind
from cftui.core.overview.quick import QuickCheck
from cftui.core.text import sanitize

API = "Cloudflare API"
ACCOUNT_TOKEN_STEP = (
    "Use it with tools for that account; for cftui, create a user API token with User → "
    f"User Details → Read and User → Memberships → Read ({USER_TOKENS_PAGE})."
)


def credential_lines(
    result: Diagnosis,
    check: QuickCheck,
    now: datetime,
    base_url: str,
    seconds: float,
    resolved: ResolvedCredential | None = None,
) -> Health:
    """Add the lines for ``check`` to ``result``; the verdict, for whoever wants it.
    ``resolved`` says where the credential came from: a refused one from the environment
    names the variable to fix instead of ``cftui login``."""
    health = judge(check, now)
    if not health.verdict.usable:
        result.add(_failure(check, health, resolved))
        return health
    kind = health.kind or CredentialKind.TOKEN
    user = check.overview.user.value
    # The user's name as whoami's header has it (first + last, else the email, else the id).
    whose = sanitize(user.user.display_name) if user else health.whose or "whose: not read"
    if kind is CredentialKind.ACCOUNT_TOKEN:
        whose = f"an account API token of the account {health.whose or '(name not given)'}"
    took = f"{seconds:.1f}\u00a0s"
    result.add(Check(API, "ok", f"{base_url} accepted the credential in {took} ({whose})"))
    _token(result, health, kind)
    _permissions(result, health, kind)
    return health


def _failure(check: QuickCheck, health: Health, resolved: ResolvedCredential | None) -> Check:
    """✗ with the answer that decided it: the error's own words, next step and exit code."""
    overview = check.overview
    variables = from_the_environment(resolved)
    errors = (overview.user.error, overview.token.error)
    if overview.kind is CredentialKind.ACCOUNT_TOKEN:
        errors = errors[::-1]
    error: CftuiError | None = next((e for e in errors if e is not None), None)
    if health.verdict is Verdict.REJECTED and health.token is not None and health.reason:
        page = ACCOUNT_TOKENS_PAGE if overview.kind is CredentialKind.ACCOUNT_TOKEN else None
        again = f"set {variables} to it" if variables else "run `cftui login` again"
        step = f"Create a new one ({page or USER_TOKENS_PAGE}) and {again}."
        return Check(API, "fail", health.reason, step, int(ExitCode.AUTH_REJECTED))
    if error is None:  # not reached: an unusable verdict has a reason
        code = ExitCode.NETWORK if health.verdict is Verdict.UNREACHABLE else ExitCode.AUTH_REJECTED
        return Check(API, "fail", health.reason or health.verdict.value, None, int(code))
    error = for_the_source(error, resolved)
    return Check(API, "fail", error.message, error.hint, int(error.exit_code))


def _token(result: Diagnosis, health: Health, kind: CredentialKind) -> None:
    label = KIND_LABELS[kind]
    if health.note is not None:  # a Global API key: said once, here
        result.add(Check("token", "info", health.note))
        return
    if health.token_summary is None:
        result.add(Check("token", "info", f"{label}: its status could not be read"))
        return
    summary = f"{label}, {health.token_summary}"
    if health.verdict is Verdict.EXPIRING:  # the summary counts the days left
        page = ACCOUNT_TOKENS_PAGE if kind is CredentialKind.ACCOUNT_TOKEN else USER_TOKENS_PAGE
        step = f"Roll it or create a new one ({page}) before then."
        result.add(Check("token", "warn", summary, step))
        return
    result.add(Check("token", "ok", summary))


def _permissions(result: Diagnosis, health: Health, kind: CredentialKind) -> None:
    if kind is CredentialKind.ACCOUNT_TOKEN:
        result.add(
            Check(
                "permissions",
                "warn",
                "an account API token reads its own account, not a user: the TUI's profile "
                "card, the organizations panel, `cftui whoami`, `cftui invites` and `cftui "
                "tokens` need a user API token",
                ACCOUNT_TOKEN_STEP,
            )
        )
        return
    if not health.missing_permissions:
        if kind is CredentialKind.GLOBAL_KEY:
            said = "/user and /memberships each answered (a Global API key acts as its user)"
        else:
            said = f"{USER_DETAILS_READ}, {MEMBERSHIPS_READ}, {API_TOKENS_READ}: each answered"
        result.add(Check("permissions", "ok", said))
        return
    for name in health.missing_permissions:
        costs = PERMISSIONS[name].costs if name in PERMISSIONS else "some views stay empty"
        summary = f"lacks {name}: {costs}"
        result.add(Check("permissions", "warn", summary, grant_step(name)))
