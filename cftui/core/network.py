"""How cftui reaches the API: which base URL it accepts.

Plain ``http://`` only for loopback: anything else would send the credential unencrypted.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from urllib.parse import urlsplit, urlunsplit

from cftui.core.errors import UsageError
from cftui.core.text import sanitize, shorten

DEFAULT_BASE_URL = "https://api.cloudflare.com/client/v4"
BASE_URL_ENV = "CLOUDFLARE_BASE_URL"


def is_loopback(host: str) -> bool:
    if host.rstrip(".").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def validate_base_url(url: str, *, what: str = "The API base URL") -> str:
    """Refuse any base URL that could send credentials in clear text or somewhere odd.

    https only; plain http only for loopback hosts (the test server). Returns the URL
    normalised (lower-case scheme, no trailing slash).
    """
    import httpx

    text = url.strip()
    shown = shorten(sanitize(text), 80)
    example = f"Use a URL like {DEFAULT_BASE_URL}."
    try:
        if not text.isprintable() or any(ch.isspace() for ch in text):
            raise ValueError("spaces or control characters")
        parts = urlsplit(text)
        parts.port  # noqa: B018 -- raises ValueError for a bad port
        httpx.URL(text)
    except (ValueError, httpx.InvalidURL):
        raise UsageError(f"{what} {shown!r} is not a valid URL.", hint=example) from None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if scheme not in ("http", "https") or not host:
        raise UsageError(f"{what} {shown!r} is not an http(s) URL.", hint=example)
    if parts.username is not None or parts.password is not None:
        raise UsageError(
            f"{what} must not contain a user name or password.",
            hint="Remove the part before '@'; cftui sends credentials in headers.",
        )
    if parts.query or parts.fragment:
        raise UsageError(f"{what} {shown!r} must not have a query or fragment.", hint=example)
    if scheme == "http" and not is_loopback(host):
        raise UsageError(
            f"{what} {shown!r} uses plain http:// for {host}, which would send credentials "
            "unencrypted.",
            hint="Use https://; plain http:// is accepted only for 127.0.0.1, ::1 and localhost.",
        )
    return urlunsplit((scheme, parts.netloc, parts.path.rstrip("/"), "", ""))


def base_url_from_env(env: Mapping[str, str] | None = None) -> str:
    """``CLOUDFLARE_BASE_URL`` (the official SDK's variable) if set, validated; else default."""
    value = (os.environ if env is None else env).get(BASE_URL_ENV, "").strip()
    return validate_base_url(value, what=BASE_URL_ENV) if value else DEFAULT_BASE_URL
