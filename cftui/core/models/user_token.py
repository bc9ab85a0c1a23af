"""A user's API token as ``GET /user/tokens`` and ``GET /user/tokens/{id}`` describe it.

Fields as cloudflare-python's ``types/shared/token.py`` and ``token_policy.py`` give them,
every one optional (the schema's own ``id``/``effect`` may be missing on a bad day too).
``resources`` maps a resource key to ``"*"`` or, for an account's zones, to another such map;
it is flattened to ``(key, value)`` pairs with nested keys joined by ``" / "``. The IP
condition is read from ``condition["request.ip"]`` (the name on the wire, as the SDK's
parameter alias gives it) or ``condition["request_ip"]`` (as its response model names it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cftui.core.dates import Timestamp
from cftui.core.models.fields import (
    as_object,
    malformed,
    object_list,
    opt_object,
    opt_str,
    opt_timestamp,
    result_list,
    str_list,
)
from cftui.core.text import sanitize

MAX_RESOURCES = 1000
"""Resources kept per policy: the API decides how many come, the UI shows a count beyond."""


@dataclass(frozen=True, slots=True)
class PermissionGroupRef:
    id: str | None = None
    name: str | None = None


@dataclass(frozen=True, slots=True)
class TokenPolicy:
    id: str | None = None
    effect: str | None = None  # allow / deny, or as sent
    permission_groups: tuple[PermissionGroupRef, ...] = ()
    resources: tuple[tuple[str, str], ...] = ()  # (resource key, "*" or a nested key)


@dataclass(frozen=True, slots=True)
class IpCondition:
    allowed: tuple[str, ...] = ()  # CIDRs a request must come from
    denied: tuple[str, ...] = ()  # CIDRs a request must not come from


@dataclass(frozen=True, slots=True)
class TokenDetails:
    id: str | None = None
    name: str | None = None
    status: str | None = None  # active / disabled / expired, or as sent
    issued_on: Timestamp | None = None
    modified_on: Timestamp | None = None
    last_used_on: Timestamp | None = None
    not_before: Timestamp | None = None
    expires_on: Timestamp | None = None
    policies: tuple[TokenPolicy, ...] = ()
    ip: IpCondition | None = None


def _group(value: object, path: str) -> PermissionGroupRef:
    obj = as_object(value, path)
    return PermissionGroupRef(id=opt_str(obj, "id", path), name=opt_str(obj, "name", path))


def _resources(obj: Mapping[str, Any], path: str) -> tuple[tuple[str, str], ...]:
    value = obj.get("resources")
    if value is None:
        return ()
    found: list[tuple[str, str]] = []
    for key, inner in as_object(value, f"{path}.resources").items():
        if isinstance(inner, str):
            found.append((sanitize(key), sanitize(inner)))
        elif isinstance(inner, Mapping):
            for sub_key, sub_value in inner.items():
                if not isinstance(sub_value, str):
                    raise malformed(f"{path}.resources.{key}.{sub_key}", "a string", sub_value)
                found.append((sanitize(key), f"{sanitize(sub_key)} / {sanitize(sub_value)}"))
        else:
            raise malformed(f"{path}.resources.{key}", "a string or an object", inner)
        if len(found) >= MAX_RESOURCES:
            break
    return tuple(found[:MAX_RESOURCES])


def _policy(value: object, path: str) -> TokenPolicy:
    obj = as_object(value, path)
    return TokenPolicy(
        id=opt_str(obj, "id", path),
        effect=opt_str(obj, "effect", path),
        permission_groups=object_list(obj, "permission_groups", path, _group),
        resources=_resources(obj, path),
    )


def _ip(obj: Mapping[str, Any], path: str) -> IpCondition | None:
    condition = opt_object(obj, "condition", path)
    if condition is None:
        return None
    where = f"{path}.condition"
    key = "request.ip" if "request.ip" in condition else "request_ip"
    request_ip = opt_object(condition, key, where)
    if request_ip is None:
        return None
    inner = f"{where}.{key}"
    return IpCondition(str_list(request_ip, "in", inner), str_list(request_ip, "not_in", inner))


def parse_token_details(value: object, path: str = "result") -> TokenDetails:
    obj = as_object(value, path)
    return TokenDetails(
        id=opt_str(obj, "id", path),
        name=opt_str(obj, "name", path),
        status=opt_str(obj, "status", path),
        issued_on=opt_timestamp(obj, "issued_on", path),
        modified_on=opt_timestamp(obj, "modified_on", path),
        last_used_on=opt_timestamp(obj, "last_used_on", path),
        not_before=opt_timestamp(obj, "not_before", path),
        expires_on=opt_timestamp(obj, "expires_on", path),
        policies=object_list(obj, "policies", path, _policy),
        ip=_ip(obj, path),
    )


def parse_token_list(value: object, path: str = "result") -> tuple[TokenDetails, ...]:
    return result_list(value, path, parse_token_details)


@dataclass(frozen=True, slots=True)
class PermissionGroup:
    """One of ``GET /user/tokens/permission_groups``: what a policy may grant, and where
    (``scopes``: ``com.cloudflare.api.account``, ``…account.zone``, ``…user``)."""

    id: str | None = None
    name: str | None = None
    scopes: tuple[str, ...] = ()


def _permission_group(value: object, path: str) -> PermissionGroup:
    obj = as_object(value, path)
    return PermissionGroup(
        id=opt_str(obj, "id", path),
        name=opt_str(obj, "name", path),
        scopes=str_list(obj, "scopes", path),
    )


def parse_permission_groups(value: object, path: str = "result") -> tuple[PermissionGroup, ...]:
    return result_list(value, path, _permission_group)
