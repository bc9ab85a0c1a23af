"""Rate-limit headers: what is left of the quota.

Cloudflare sends the IETF draft headers on every response (``Ratelimit: "default";r=50;t=30``
and ``Ratelimit-Policy: "burst";q=100;w=60``). Headers come from the network, so parsing is
tolerant: anything unreadable becomes ``None`` instead of an error, because a malformed hint
about the quota must never hide the real answer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from cftui.core.text import sanitize, shorten

_MAX_HEADER_CHARS = 1000
_INT = re.compile(r"\d{1,12}")


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    value = value.strip().strip('"')
    return int(value) if _INT.fullmatch(value) else None


def _items(value: str) -> list[tuple[str | None, dict[str, str]]]:
    """Split a structured-field list (``"a";r=1;t=2, "b";q=3``) into names and parameters.

    Also reads the older ``limit=100, remaining=50, reset=30`` form: those items have no name.
    """
    items: list[tuple[str | None, dict[str, str]]] = []
    for raw_item in value[:_MAX_HEADER_CHARS].split(","):
        name: str | None = None
        params: dict[str, str] = {}
        for i, part in enumerate(p.strip() for p in raw_item.split(";")):
            key, eq, val = part.partition("=")
            if eq:
                params.setdefault(key.strip().lower(), val.strip())
            elif i == 0 and part:
                name = part.strip('"')
        items.append((name, params))
    return items


@dataclass(frozen=True, slots=True)
class RateLimit:
    """The quota Cloudflare reported with a response.

    ``limit`` is the quota of the policy window, ``remaining`` what is left of it, ``reset``
    the seconds until it refills, ``policy`` the ``Ratelimit-Policy`` header as sent
    (sanitized), for the debug output.
    """

    limit: int | None = None
    remaining: int | None = None
    reset: int | None = None
    policy: str | None = None

    @classmethod
    def from_headers(cls, headers: Mapping[str, str]) -> RateLimit | None:
        """Read the headers of one response; ``None`` when it carries no rate-limit header.

        ``headers`` must look names up case-insensitively (``httpx.Headers`` does).
        """
        combined = headers.get("ratelimit")
        policy_raw = headers.get("ratelimit-policy")
        legacy = {k: headers.get(f"ratelimit-{k}") for k in ("limit", "remaining", "reset")}
        if combined is None and policy_raw is None and all(v is None for v in legacy.values()):
            return None

        current_name: str | None = None
        current: dict[str, str] = {}
        if combined is not None:
            items = _items(combined)
            current_name, current = items[0]
            current = dict(current)
            for name, params in items[1:]:
                if name is None:  # the older comma-separated key=value form
                    for key, val in params.items():
                        current.setdefault(key, val)

        quota: int | None = None
        if policy_raw is not None:
            policies = _items(policy_raw)
            chosen = next((p for n, p in policies if n == current_name), policies[0][1])
            quota = _int(chosen.get("q"))

        remaining = _int(current.get("r", current.get("remaining")))
        reset = _int(current.get("t", current.get("reset")))
        limit = _int(current.get("limit"))
        return cls(
            limit=next((v for v in (limit, quota, _int(legacy["limit"])) if v is not None), None),
            remaining=remaining if remaining is not None else _int(legacy["remaining"]),
            reset=reset if reset is not None else _int(legacy["reset"]),
            policy=None if policy_raw is None else shorten(sanitize(policy_raw.strip()), 200),
        )

    def describe(self) -> str:
        """A short phrase for the status bar and the debug log."""
        if self.remaining is None:
            left = "quota unknown"
        elif self.limit is None:
            left = f"{self.remaining} requests left"
        else:
            left = f"{self.remaining}/{self.limit} requests left"
        return left if self.reset is None else f"{left}, resets in {self.reset} s"

    __str__ = describe
