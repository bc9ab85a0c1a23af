"""The error tree: every failure a user can meet carries a message, a next step and an exit code.

The CLI turns these into one or two plain sentences on stderr and an exit code; the TUI turns
them into a screen state. Messages never contain secrets: callers pass masked values only.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import ClassVar


class ExitCode(IntEnum):
    OK = 0
    INTERNAL = 1
    USAGE = 2
    NO_CREDENTIALS = 3
    AUTH_REJECTED = 4
    NETWORK = 5
    MALFORMED = 6
    KEYRING = 7


class CftuiError(Exception):
    """Base of every error cftui reports to a user.

    ``message`` says what happened, ``hint`` what to do next, ``detail`` is extra context
    shown only with ``--debug``.
    """

    exit_code: ClassVar[ExitCode] = ExitCode.INTERNAL
    title: ClassVar[str] = "Error"

    def __init__(self, message: str, *, hint: str | None = None, detail: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.detail = detail

    def __str__(self) -> str:
        return self.message if self.hint is None else f"{self.message} {self.hint}"


class UsageError(CftuiError):
    """Bad input from the user: a malformed credential, a refused base URL, a bad flag."""

    exit_code = ExitCode.USAGE
    title = "Invalid input"


class NoCredentialsError(CftuiError):
    """Not logged in, or the named profile does not exist."""

    exit_code = ExitCode.NO_CREDENTIALS
    title = "Not logged in"


class ConfigError(CftuiError):
    """The profile index (config.json) cannot be read or written; it is left untouched."""

    exit_code = ExitCode.NO_CREDENTIALS
    title = "Configuration problem"


class KeyringUnavailableError(CftuiError):
    """The OS keyring is missing, locked, failing or too slow to answer."""

    exit_code = ExitCode.KEYRING
    title = "Keyring unavailable"


class NetworkError(CftuiError):
    """No usable answer: connection failure, timeout, reset, or a refused redirect."""

    exit_code = ExitCode.NETWORK
    title = "Network error"


class MalformedResponseError(CftuiError):
    """The API answered with something that is not the documented envelope."""

    exit_code = ExitCode.MALFORMED
    title = "Malformed response"

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        status: int | None = None,
        request_id: str | None = None,
        hint: str | None = None,
        detail: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint, detail=detail)
        self.path = path
        self.status = status
        self.request_id = request_id


class ApiError(CftuiError):
    """Cloudflare answered and refused the request (``success: false`` or a 4xx/5xx status).

    ``codes`` are every code in the envelope's errors (chains included); ``request_id`` is the
    answer's ``cf-ray``, which Cloudflare support asks for; ``retry_after`` the seconds its
    ``Retry-After`` asked for, if any.
    """

    exit_code = ExitCode.AUTH_REJECTED
    title = "Request refused"

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        codes: Sequence[int] = (),
        request_id: str | None = None,
        retry_after: float | None = None,
        hint: str | None = None,
        detail: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint, detail=detail)
        self.status = status
        self.codes = tuple(codes)
        self.request_id = request_id
        self.retry_after = retry_after


class AuthError(ApiError):
    """Cloudflare rejected the credentials (401/403 or a known authentication code)."""

    exit_code = ExitCode.AUTH_REJECTED
    title = "Credentials rejected"


class AccountTokenError(AuthError):
    """``/user`` refused an account-owned API token: said as what it is, not as a refusal."""

    title = "Account API token"


class RateLimitedError(ApiError):
    """HTTP 429 or code 971, still limited after the retries."""

    exit_code = ExitCode.NETWORK
    title = "Rate limited"


class ServerError(ApiError):
    """Cloudflare answered 5xx, still failing after the retries."""

    exit_code = ExitCode.NETWORK
    title = "Cloudflare error"
