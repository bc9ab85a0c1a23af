"""Advice for a credential from the environment that Cloudflare refused.

The words for a refusal are made where the answer is read (``core.api.refusals``), which does
not know where the credential came from, and say "log in again (cftui login)". For a
credential in ``CLOUDFLARE_API_TOKEN`` (or ``CLOUDFLARE_EMAIL`` + ``CLOUDFLARE_API_KEY``) a
login would change nothing: the variable wins over every saved profile. So the login step is
taken out of the hint, and the variable to correct is named instead.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, TypeVar

from cftui.core.credentials.env import EMAIL_VAR, KEY_VAR, TOKEN_VAR
from cftui.core.errors import AuthError, CftuiError

if TYPE_CHECKING:
    from cftui.core.credentials.env import ResolvedCredential

E = TypeVar("E", bound=CftuiError)

_REPLACED = (
    # the steps that name a login, as refusals words them, and what to do instead
    (re.compile(r"[,;] or log in again with (?:a new token )?\(?cftui login\)?\."), "."),
    (re.compile(r"Log in again with cftui login, or set CLOUDFLARE_API_TOKEN\.\s*"), ""),
    (
        re.compile(r"log in with your email and that key instead \(cftui login\)\."),
        f"set {EMAIL_VAR} and {KEY_VAR} to your email and that key instead of {TOKEN_VAR}.",
    ),
    (
        re.compile(r"log in with the token instead \(cftui login\)\."),
        f"set {TOKEN_VAR} to it instead of {EMAIL_VAR} and {KEY_VAR}.",
    ),
    (
        re.compile(r"log in again and choose the right kind \(cftui login\)\."),
        f"put an API token in {TOKEN_VAR}, or an email and Global API key in {EMAIL_VAR} "
        f"and {KEY_VAR}.",
    ),
)


def from_the_environment(resolved: ResolvedCredential | None) -> str | None:
    """The variables the credential came from, in words; ``None`` for a saved profile."""
    if resolved is None or resolved.profile is not None:
        return None
    if resolved.source == f"env {TOKEN_VAR}":
        return TOKEN_VAR
    if resolved.source == f"env {EMAIL_VAR} + {KEY_VAR}":
        return f"{EMAIL_VAR} and {KEY_VAR}"
    return None


def for_the_source(error: E, resolved: ResolvedCredential | None) -> E:
    """``error`` with a hint that fits where the credential came from: for a refused
    credential from the environment, the variable to correct instead of ``cftui login``."""
    variables = from_the_environment(resolved)
    if variables is None or not isinstance(error, AuthError):
        return error
    hint = error.hint or ""
    for pattern, instead in _REPLACED:
        hint = pattern.sub(instead, hint)
    what = "API token" if variables == TOKEN_VAR else "email and Global API key"
    them = "it" if variables == TOKEN_VAR else "them"
    step = (
        f"The {what} came from {variables}: correct {them}, or unset {them} to use a saved "
        "profile (cftui login saves one)."
    )
    from cftui.core.problems import reworded

    return reworded(error, hint=f"{hint.strip()} {step}".strip())
