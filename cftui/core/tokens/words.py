"""Refusals of the token endpoints in the user's words: which permission is missing and what
it would give, a token that is not there, a rate limit; the error's kind and exit code kept.

``GET /user/tokens`` needs *API Tokens Read*, rolling needs *API Tokens Write* (the
dashboard's User → API Tokens → Read / Edit). Cloudflare says 9109 or 10000 (or a bare 403)
for a missing permission, as on every endpoint; an account-owned token lists no user tokens
at all (its tokens live under its account), and gets 1000 or 9109 here.
"""

from __future__ import annotations

from cftui.core.errors import (
    ApiError,
    CftuiError,
    MalformedResponseError,
    NetworkError,
    RateLimitedError,
    ServerError,
)
from cftui.core.models.token import ACCOUNT_TOKENS_PAGE, USER_TOKENS_PAGE
from cftui.core.problems import reworded

READ_PERMISSION = "API Tokens Read"
WRITE_PERMISSION = "API Tokens Write"
READ_WHERE = "User → API Tokens → Read"
WRITE_WHERE = "User → API Tokens → Edit"
PERMISSION_CODES = frozenset((9109, 10000))
NOT_FOUND_CODES = frozenset((7003, 1003))
WOULD_SHOW = (
    "every API token of yours with its permissions, expiry, last use and what needs attention"
)
ACCOUNT_TOKENS = (
    f"`cftui tokens` lists user API tokens ({USER_TOKENS_PAGE}); account API tokens live "
    f"under their account ({ACCOUNT_TOKENS_PAGE})."
)


def _code(error: ApiError) -> str:
    return f" (code {error.codes[0]})" if error.codes else ""


INVALID_TOKEN_CODE = 1000


def _lacks(error: ApiError) -> bool:
    """A missing permission: its codes, or a bare 403 without any code."""
    return bool(PERMISSION_CODES.intersection(error.codes)) or (
        not error.codes and error.status == 403
    )


def _rate_limited(error: RateLimitedError, what: str) -> RateLimitedError:
    wait = f"{max(1, round(error.retry_after))} s" if error.retry_after else "a minute"
    return reworded(
        error,
        message=f"Cloudflare is rate limiting requests: {what} was not done{_code(error)}.",
        hint=f"Nothing was changed. Wait {wait}, then try again.",
    )


def listing_words(error: CftuiError, *, account_token: bool = False) -> CftuiError:
    """``GET /user/tokens`` failed: say so, naming *API Tokens Read* when it is missing."""
    if account_token:
        return reworded(
            error,
            message=f"This is an account API token: it cannot list user API tokens. "
            f"{ACCOUNT_TOKENS}",
            hint=f"Use a user API token with {READ_PERMISSION} ({READ_WHERE}).",
        )
    if isinstance(error, RateLimitedError):
        return _rate_limited(error, "listing your API tokens")
    if isinstance(error, ApiError) and INVALID_TOKEN_CODE in error.codes:
        more = f"If this is an account API token: {ACCOUNT_TOKENS}"
        return reworded(error, hint=f"{error.hint} {more}" if error.hint else more)
    if not isinstance(error, ApiError) or not _lacks(error):
        return error
    return reworded(
        error,
        message=f"Cloudflare refused to list your API tokens{_code(error)}: the credential "
        f"lacks {READ_PERMISSION}, or an IP filter excludes this machine.",
        hint=f"With {READ_PERMISSION} ({READ_WHERE}) cftui tokens shows {WOULD_SHOW}.",
    )


def roll_words(error: CftuiError, token: str, token_id: str) -> CftuiError:
    """``PUT /user/tokens/{id}/value`` failed: nothing was rolled; say why. ``token`` names
    the token in words (``token 'CI deploys' (id)``)."""
    if isinstance(error, RateLimitedError):
        return _rate_limited(error, f"rolling {token}")
    if isinstance(error, NetworkError | ServerError):  # the PUT may have been acted on
        return reworded(
            error,
            message=f"{error.message} The token may or may not have been rolled.",
            hint="If its old value no longer works, roll it again (its new value was not "
            "received, so it cannot be stored or shown); otherwise nothing was changed.",
        )
    if isinstance(error, MalformedResponseError):  # answered: the roll may well have happened
        return reworded(
            error,
            message=f"{error.message} The token may have been rolled, but its new value "
            "could not be read.",
            hint="If its old value no longer works, roll it again; otherwise nothing was changed.",
        )
    if not isinstance(error, ApiError):
        return error
    if error.status == 404 or NOT_FOUND_CODES.intersection(error.codes):
        return reworded(
            error,
            message=f"Cloudflare has no user API token with the id {token_id}{_code(error)}; "
            "nothing was rolled.",
            hint="`cftui tokens` lists your tokens with their ids.",
        )
    if _lacks(error):
        return reworded(
            error,
            message=f"Cloudflare refused to roll {token}{_code(error)}: the credential lacks "
            f"{WRITE_PERMISSION}, or an IP filter excludes this machine. Nothing was rolled.",
            hint=f"Roll it with a token that has {WRITE_PERMISSION} ({WRITE_WHERE}), or in "
            f"the dashboard ({USER_TOKENS_PAGE}).",
        )
    return reworded(error, message=f"{error.message} Nothing was rolled.")
