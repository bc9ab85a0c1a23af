"""Policies and their resource scopes in words a Cloudflare user reads.

A resource group's scope is ``{key, objects[{key}]}``: the key names the account
(``com.cloudflare.api.account.<account id>``), each object what inside it
(``com.cloudflare.api.account.zone.<zone id>``, or ``*`` for everything). Keys of kinds not
known here are shown as they came: honest beats clever. Account ids become names where the
caller knows them.
"""

from __future__ import annotations

from collections.abc import Mapping

from cftui.core.models.membership import Policy, ResourceGroup, Scope

_ACCOUNT = "com.cloudflare.api.account"
_ZONE = "com.cloudflare.api.account.zone"
_USER = "com.cloudflare.api.user"
_NO_NAMES: Mapping[str, str] = {}

ACCESS_WORDS = {"allow": "Allow", "deny": "Deny"}


def _tail(key: str, prefix: str) -> str | None:
    """What follows ``prefix.`` in ``key``, or None when ``key`` is not under ``prefix``."""
    return key[len(prefix) + 1 :] if key.startswith(prefix + ".") else None


def describe_key(key: str, account_names: Mapping[str, str] = _NO_NAMES) -> str:
    """``com.cloudflare.api.account.zone.<id>`` -> ``zone <id>``; ``….account.<id>`` ->
    ``account <name>``; wildcards -> ``all zones`` / ``all accounts``; ``*`` -> ``everything``."""
    if key == "*":
        return "everything"
    zone = _tail(key, _ZONE)
    if zone is not None:
        return "all zones" if zone in ("*", "") else f"zone {zone}"
    if key == _ZONE:
        return "zones"
    account = _tail(key, _ACCOUNT)
    if account is not None:
        if account in ("*", ""):
            return "all accounts"
        return f"account {account_names.get(account) or account}"
    if key == _ACCOUNT:
        return "accounts"
    user = _tail(key, _USER)
    if user is not None:
        return "your user" if user in ("*", "") else f"user {user}"
    if key == _USER:
        return "your user"
    return key


def describe_scope(scope: Scope, account_names: Mapping[str, str] = _NO_NAMES) -> tuple[str, ...]:
    """One line per object: ``zone <id> in account Okafor Studio``, ``all zones in account X``,
    ``everything in account X``; just the container when there are no objects."""
    container = None if not scope.key else describe_key(scope.key, account_names)
    if not scope.objects:
        return (container,) if container else ()
    lines = []
    for obj in scope.objects:
        if container is None:
            lines.append(describe_key(obj, account_names))
        elif obj == scope.key:
            lines.append(container)
        else:
            lines.append(f"{describe_key(obj, account_names)} in {container}")
    return tuple(lines)


def describe_resource_group(
    group: ResourceGroup, account_names: Mapping[str, str] = _NO_NAMES
) -> tuple[str, ...]:
    lines = tuple(line for scope in group.scopes for line in describe_scope(scope, account_names))
    if lines:
        return lines
    return (describe_key(group.name, account_names),) if group.name else ("(no resources listed)",)


def access_word(policy: Policy) -> str:
    if policy.access is None:
        return "Access not given"
    return ACCESS_WORDS.get(policy.access, policy.access)


def policy_headline(policy: Policy) -> str:
    """``Deny: Cache Purge`` / ``Allow: Zone Read, DNS Write``."""
    groups = ", ".join(g.display_name for g in policy.permission_groups)
    return f"{access_word(policy)}: {groups or '(no permission groups)'}"


def policy_scopes(policy: Policy, account_names: Mapping[str, str] = _NO_NAMES) -> tuple[str, ...]:
    """Where the policy applies, one line each, in the API's order without repeats."""
    lines = (
        line
        for group in policy.resource_groups
        for line in describe_resource_group(group, account_names)
    )
    return tuple(dict.fromkeys(lines))
