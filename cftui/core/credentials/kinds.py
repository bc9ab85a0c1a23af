"""Credentials: an API token or a legacy email + Global API key.

A credential object never shows its secret: ``repr``/``str`` give the masked form, so a
credential that ends up in a log line or a traceback does not leak.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Literal

from cftui.core.errors import UsageError
from cftui.core.redact import mask, mask_secret_runs

AuthKind = Literal["token", "global_key"]

_LEGACY_TOKEN = re.compile(r"[A-Za-z0-9_-]{40}")
_LEGACY_KEY = re.compile(r"[0-9a-fA-F]{37}")
# Cloudflare's secret prefixes (2026 on; older secrets have none). Prefixes, not secrets:
USER_TOKEN_PREFIX = "cfut_"  # noqa: S105
ACCOUNT_TOKEN_PREFIX = "cfat_"  # noqa: S105
GLOBAL_KEY_PREFIX = "cfk_"
_TOKEN_PREFIXES = (USER_TOKEN_PREFIX, ACCOUNT_TOKEN_PREFIX)
_KEY_PREFIX = GLOBAL_KEY_PREFIX
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+")
# "Bearer " pasted along with the token; "Bearer" alone is an empty paste, not a token.
_BEARER = re.compile(r"\Abearer(?:\s+|\Z)", re.IGNORECASE)


@dataclass(frozen=True, slots=True, repr=False)
class ApiToken:
    token: str
    kind: AuthKind = "token"

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    @property
    def masked(self) -> str:
        return mask(self.token)

    def describe(self) -> str:
        return f"API token {self.masked}"

    def __repr__(self) -> str:
        return f"ApiToken(token={self.masked!r})"

    __str__ = __repr__


@dataclass(frozen=True, slots=True, repr=False)
class GlobalApiKey:
    email: str
    key: str
    kind: AuthKind = "global_key"

    def headers(self) -> dict[str, str]:
        return {"X-Auth-Email": self.email, "X-Auth-Key": self.key}

    @property
    def masked(self) -> str:
        return mask(self.key)

    def describe(self) -> str:
        return f"Global API key {self.masked} for {self.email}"

    def __repr__(self) -> str:
        return f"GlobalApiKey(email={self.email!r}, key={self.masked!r})"

    __str__ = __repr__


Credential = ApiToken | GlobalApiKey


# A prefix decides on its own: ``cfk_`` plus 36 characters also fits the legacy token pattern.
def looks_like_token(value: str) -> bool:
    if value.startswith(_KEY_PREFIX):
        return False
    return value.startswith(_TOKEN_PREFIXES) or _LEGACY_TOKEN.fullmatch(value) is not None


def looks_like_global_key(value: str) -> bool:
    if value.startswith(_TOKEN_PREFIXES):
        return False
    return value.startswith(_KEY_PREFIX) or _LEGACY_KEY.fullmatch(value) is not None


def _clean_secret(raw: str, what: str) -> str:
    value = _BEARER.sub("", raw.strip(), count=1)
    if not value:
        raise UsageError(f"The {what} is empty.", hint=f"Paste the {what} and press Enter.")
    if any(ch.isspace() for ch in value):
        raise UsageError(
            f"The {what} contains spaces or line breaks.",
            hint="Copy it again: it is a single word.",
        )
    if not value.isascii() or not value.isprintable():
        raise UsageError(
            f"The {what} contains characters that cannot be part of it.",
            hint="Copy it again from the Cloudflare dashboard.",
        )
    return value


def make_token(raw: str) -> ApiToken:
    """Validate a pasted API token, catching the common mistakes before the network."""
    token = _clean_secret(raw, "API token")
    if looks_like_global_key(token) and not looks_like_token(token):
        raise UsageError(
            "This looks like a Global API key, not an API token.",
            hint="Log in with --email and --key-stdin, or create an API token "
            "(My Profile → API Tokens).",
        )
    return ApiToken(token)


def make_global_key(email: str, raw_key: str) -> GlobalApiKey:
    """Validate an email + Global API key pair before the network sees it."""
    email = email.strip()
    if not email:
        raise UsageError("The email is empty.", hint="Give the email of your Cloudflare login.")
    if _EMAIL.fullmatch(email) is None or not email.isprintable():
        raise UsageError(
            f"{mask_secret_runs(repr(email))} is not an email address.",
            hint="Give the email you log in to Cloudflare with.",
        )
    key = _clean_secret(raw_key, "Global API key")
    if looks_like_token(key) and not looks_like_global_key(key):
        raise UsageError(
            "This looks like an API token, not a Global API key.",
            hint="Log in with --token-stdin instead (no email needed).",
        )
    return GlobalApiKey(email=email, key=key)


def to_secret_json(cred: Credential) -> str:
    """The keyring value: a small JSON document. Only ever handed to the keyring."""
    if isinstance(cred, ApiToken):
        return json.dumps({"type": "token", "token": cred.token})
    return json.dumps({"type": "global_key", "email": cred.email, "key": cred.key})


def from_secret_json(value: str) -> Credential | None:
    """Parse a keyring value; ``None`` if it is not a credential cftui wrote."""
    try:
        data = json.loads(value)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    if data.get("type") == "token" and isinstance(data.get("token"), str):
        return ApiToken(data["token"])
    if (
        data.get("type") == "global_key"
        and isinstance(data.get("email"), str)
        and isinstance(data.get("key"), str)
    ):
        return GlobalApiKey(email=data["email"], key=data["key"])
    return None
