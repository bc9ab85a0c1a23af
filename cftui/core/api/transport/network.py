"""How cftui reaches the API: which base URL, which certificates, which proxy.

Plain ``http://`` only for loopback: anything else would send the credential unencrypted.
Each setting from the environment is checked when a client is built, so a bad one is a
usage error that names it, never a failure halfway through a request.
"""

from __future__ import annotations

import functools
import ipaddress
import os
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING
from urllib.parse import SplitResult, urlsplit, urlunsplit

from cftui.core.errors import UsageError
from cftui.core.text import sanitize, shorten

if TYPE_CHECKING:
    import ssl

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


# -- trust: which certificates a TLS connection is verified against ----------------------------

_HASHED_NAME = re.compile(r"[0-9a-f]{8}\.[0-9]+")


def _system_store() -> str | None:
    """OpenSSL's certificate directory, if it holds hashed certificates (Linux, BSDs)."""
    import ssl

    directory = ssl.get_default_verify_paths().openssl_capath
    try:
        with os.scandir(directory) as entries:
            return directory if any(_HASHED_NAME.fullmatch(e.name) for e in entries) else None
    except OSError:
        return None


@functools.lru_cache(maxsize=4)
def _context(cafile: str | None, capath: str | None) -> ssl.SSLContext:
    import ssl

    if cafile is None and capath is None:
        capath = _system_store()
        if capath is None:  # no system store (macOS, Windows): Mozilla's, as httpx would use
            import certifi

            cafile = certifi.where()
    return ssl.create_default_context(cafile=cafile, capath=capath)


def ssl_context(env: Mapping[str, str]) -> ssl.SSLContext:
    """The context every TLS connection is verified with: as strict as httpx's own.

    The system store is used by directory, so OpenSSL reads only the certificates a
    handshake needs instead of parsing a whole bundle on every start (about 25 ms).
    ``SSL_CERT_FILE`` and ``SSL_CERT_DIR`` replace it, as they do for httpx and OpenSSL; one
    that is missing or holds no certificate is a usage error naming it, before any request.
    """
    import ssl

    cafile = env.get("SSL_CERT_FILE") or None
    capath = env.get("SSL_CERT_DIR") or None
    if cafile is not None and not os.path.isfile(cafile):
        raise _setting_error("SSL_CERT_FILE", cafile, "is not a file")
    if capath is not None and not os.path.isdir(capath):
        raise _setting_error("SSL_CERT_DIR", capath, "is not a directory")
    try:
        return _context(cafile, capath)
    except (ssl.SSLError, OSError) as exc:
        what = "SSL_CERT_FILE" if cafile is not None else "SSL_CERT_DIR"
        shown = cafile if cafile is not None else capath
        raise _setting_error(
            what, shown or "", "holds no certificate cftui can read (PEM)", type(exc).__name__
        ) from None


def _setting_error(name: str, value: str, problem: str, detail: str | None = None) -> UsageError:
    return UsageError(
        f"{name} is set to {shorten(sanitize(value), 100)!r}, which {problem}.",
        hint=f"Point {name} at your CA certificates (PEM), or unset it to use the system's.",
        detail=detail,
    )


# -- proxies: honoured from the environment, never for loopback ------------------------------

PROXY_SCHEMES = ("http", "https", "socks5", "socks5h")


def _bypassed(host: str, no_proxy: str) -> bool:
    for entry in (e.strip().lower() for e in no_proxy.split(",")):
        if entry == "*":
            return True
        name = entry.rsplit(":", 1)[0] if entry.count(":") == 1 else entry
        name = name.strip("[]").lstrip(".")
        if not name:
            continue
        if host == name or host.endswith("." + name):
            return True
        try:
            if ipaddress.ip_address(host) in ipaddress.ip_network(name, strict=False):
                return True
        except ValueError:
            pass
    return False


def proxy_for(base_url: str, env: Mapping[str, str]) -> str | None:
    """The proxy to reach ``base_url`` through, from the environment as curl reads it.

    Loopback is never proxied: the test server must get the request itself, and a proxy
    would see a plain-http credential. Plain http is refused for everything else, and an
    https request goes through an http proxy as a ``CONNECT`` tunnel, so a proxy never
    sees a credential in clear text. A proxy cftui cannot use is a usage error, not a
    failure at the first request.
    """
    parts = urlsplit(base_url)
    host = (parts.hostname or "").lower()
    if is_loopback(host):
        return None
    names = (f"{parts.scheme}_proxy", "all_proxy")
    value, name = next(
        ((v, n) for n in names for v in (env.get(n), env.get(n.upper())) if v and v.strip()),
        ("", ""),
    )
    no_proxy = env.get("no_proxy") or env.get("NO_PROXY") or ""
    if not value or _bypassed(host, no_proxy):
        return None
    value = value.strip()
    if "://" not in value:
        value = f"http://{value}"
    proxy = urlsplit(value)
    scheme = proxy.scheme.lower()
    shown = f"{scheme}://{proxy.hostname or ''}" + (f":{proxy.port}" if _port(proxy) else "")
    shown = repr(shorten(sanitize(shown), 100))
    if scheme not in PROXY_SCHEMES or not proxy.hostname:
        raise UsageError(
            f"{name.upper()} is {shown}, a proxy cftui cannot use.",
            hint="Use an http://, https:// or socks5:// proxy URL, or unset the variable.",
        )
    if scheme.startswith("socks"):
        import importlib.util

        if importlib.util.find_spec("socksio") is None:
            raise UsageError(
                f"{name.upper()} is a SOCKS proxy ({shown}), which needs the socksio package.",
                hint="Install it (pip install 'httpx[socks]'), or use an http:// proxy.",
            )
    return value


def _port(parts: SplitResult) -> int | None:
    try:
        return parts.port
    except ValueError:
        return None


def connection(base_url: str, env: Mapping[str, str]) -> tuple[ssl.SSLContext, str | None]:
    """How to reach ``base_url``: the TLS context and the proxy, if any.

    A loopback ``http://`` API needs no certificates, so no trust store is read for it.
    """
    import ssl

    if urlsplit(base_url).scheme == "http":  # validate_base_url allows it for loopback only
        return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT), None
    return ssl_context(env), proxy_for(base_url, env)
