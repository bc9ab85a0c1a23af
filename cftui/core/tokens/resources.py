"""A policy's resource keys read as what they cover.

Keys come as ``com.cloudflare.api.account.<id>``, ``com.cloudflare.api.account.zone.<id>``,
their wildcards (``….account.*``, ``….account.zone.*``) and ``com.cloudflare.api.user.<id>``.
Newer tokens nest an account's zones under the account (``{account key: {zone key: "*"}}``),
which the model flattens to ``(account key, "zone key / *")``; both forms are read here.
Anything else (an R2 bucket, a future scope) is kept as the key it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

ResourceKind = Literal["all_accounts", "account", "all_zones", "zone", "user", "other"]

_ACCOUNT = "com.cloudflare.api.account."
_ZONE = "com.cloudflare.api.account.zone."
_USER = "com.cloudflare.api.user"
NESTED = " / "
"""How the model joins a nested key to its outer one (``models.user_token``)."""


@dataclass(frozen=True, slots=True)
class Resource:
    """One resource key: ``id`` is the account, zone or user id (``None`` for a wildcard);
    ``within`` the account a nested key sits under."""

    kind: ResourceKind
    id: str | None = None
    within: str | None = None
    key: str = ""

    @property
    def wildcard(self) -> bool:
        return self.kind in ("all_accounts", "all_zones")


def read_key(key: str, within: str | None = None) -> Resource:
    if key.startswith(_ZONE):
        rest = key.removeprefix(_ZONE)
        return Resource(
            "all_zones" if rest == "*" else "zone", None if rest == "*" else rest, within, key
        )
    if key.startswith(_ACCOUNT):
        rest = key.removeprefix(_ACCOUNT)
        if rest == "*":
            return Resource("all_accounts", None, within, key)
        return Resource("account", rest, within, key)
    if key == _USER or key.startswith(_USER + "."):
        rest = key.removeprefix(_USER).removeprefix(".")
        return Resource("user", rest if rest not in ("", "*") else None, within, key)
    return Resource("other", None, within, key)


def read_resources(pairs: Iterable[tuple[str, str]]) -> tuple[Resource, ...]:
    """The model's ``(key, value)`` pairs as resources; a nested pair becomes the inner key,
    ``within`` its account."""
    found: list[Resource] = []
    for key, value in pairs:
        inner, sep, _ = value.partition(NESTED)
        if not sep:
            found.append(read_key(key))
            continue
        outer = read_key(key)
        found.append(read_key(inner, outer.id if outer.kind == "account" else key))
    return tuple(found)


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one}" if count == 1 else f"{count:,} {many or one + 's'}"


def where_words(resources: Iterable[Resource]) -> str:
    """What a policy covers, counted: ``all accounts``, ``3 zones``, ``all zones of 1
    account``, ``your user``; ``nothing`` when the policy names no resource."""
    items = tuple(resources)
    kinds = {r.kind for r in items}
    parts: list[str] = []
    if "all_accounts" in kinds:
        parts.append("all accounts")
    if any(r.kind == "all_zones" and r.within is None for r in items):
        parts.append("all zones")
    nested_all = {r.within for r in items if r.kind == "all_zones" and r.within is not None}
    if nested_all:
        parts.append(f"all zones of {_plural(len(nested_all), 'account')}")
    zones = {(r.id, r.within) for r in items if r.kind == "zone"}
    if zones:
        parts.append(_plural(len(zones), "zone"))
    accounts = {r.id for r in items if r.kind == "account" and r.within is None}
    if accounts:
        parts.append(_plural(len(accounts), "account"))
    if "user" in kinds:
        parts.append("your user")
    others = {r.key for r in items if r.kind == "other"}
    if others:
        parts.append(_plural(len(others), "other resource"))
    return ", ".join(parts) if parts else "nothing"


def resource_words(resource: Resource, names: Mapping[str, str] | None = None) -> str:
    """One resource in words; ``names`` (id to name: the accounts and zones the caller knows)
    names it, with its id, where it can."""

    def called(what: str, ident: str | None) -> str:
        name = (names or {}).get(ident or "")
        return f"{what} {name} ({ident})" if name else f"{what} {ident}"

    inside = "" if resource.within is None else f" of {called('account', resource.within)}"
    if resource.kind == "all_accounts":
        return f"all accounts{inside}"
    if resource.kind == "all_zones":
        return f"all zones{inside}"
    if resource.kind == "zone":
        return f"{called('zone', resource.id)}{inside}"
    if resource.kind == "account":
        return f"{called('account', resource.id)}{inside}"
    if resource.kind == "user":
        return "your user" if resource.id is None else f"your user ({resource.id})"
    return f"{resource.key}{inside}"
