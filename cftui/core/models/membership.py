"""Memberships: the current view of the accounts a user belongs to (``GET /memberships``).

Each membership is ``{id, account, roles[], status, api_access_enabled, permissions}``, where
``permissions`` maps a resource to ``{read, write}`` (``iam_membership``);
``GET /memberships/{id}`` and the ``PUT`` that answers an invitation add ``policies[]``
(``iam_membership-with-policies``): ``{id, access, permission_groups[{id, name}],
resource_groups[{id, name, scope[{key, objects[{key}]}]}]}``. Policies matter more over time:
Cloudflare is replacing account roles with permission groups.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from cftui.core.models.account import Account, parse_account
from cftui.core.models.fields import (
    as_object,
    key_path,
    malformed,
    object_list,
    opt_bool,
    opt_str,
    result_list,
    str_list,
)
from cftui.core.text import sanitize

InvitationAnswer = Literal["accepted", "rejected"]
_D = TypeVar("_D", "Account", "Membership")


@dataclass(frozen=True, slots=True)
class Grant:
    read: bool | None = None
    write: bool | None = None


@dataclass(frozen=True, slots=True)
class PermissionGroup:
    id: str | None = None
    name: str | None = None

    @property
    def display_name(self) -> str:
        return self.name or self.id or "(unnamed permission group)"


@dataclass(frozen=True, slots=True)
class Scope:
    key: str | None = None  # com.cloudflare.api.account.<account id>
    objects: tuple[str, ...] = ()  # com.cloudflare.api.account.zone.<zone id>, or "*"


@dataclass(frozen=True, slots=True)
class ResourceGroup:
    id: str | None = None
    name: str | None = None
    scopes: tuple[Scope, ...] = ()


@dataclass(frozen=True, slots=True)
class Policy:
    id: str | None = None
    access: str | None = None  # allow / deny, or whatever came
    permission_groups: tuple[PermissionGroup, ...] = ()
    resource_groups: tuple[ResourceGroup, ...] = ()


@dataclass(frozen=True, slots=True)
class Membership:
    id: str | None = None
    account: Account | None = None
    roles: tuple[str, ...] = ()
    status: str | None = None  # accepted / pending / rejected, or whatever came
    api_access_enabled: bool | None = None
    permissions: tuple[tuple[str, Grant], ...] = ()  # (resource, grant), in the API's order
    policies: tuple[Policy, ...] | None = None  # None: not in this answer (the list's usual)

    @property
    def account_id(self) -> str | None:
        return None if self.account is None else self.account.id

    @property
    def account_name(self) -> str | None:
        return None if self.account is None else self.account.name

    def grant(self, resource: str) -> Grant | None:
        return next((g for r, g in self.permissions if r == resource), None)


def _given(name: str, value: object) -> bool:
    """The parsers read a list left out, ``null`` or empty alike (``()``), so an empty list
    says nothing, except for ``policies``, which the parser keeps as None when not sent."""
    return value is not None and (value != () or name == "policies")


def _merged(listed: _D, detail: _D) -> _D:
    changes = {
        f.name: getattr(detail, f.name)
        for f in dataclasses.fields(detail)
        if _given(f.name, getattr(detail, f.name))
    }
    return dataclasses.replace(listed, **changes)


def merge_detail(listed: Membership, detail: Membership) -> Membership:
    """``GET``/``PUT /memberships/{id}``'s answer on top of the listed membership, field by
    field: what the detail leaves out (or sends as null) keeps the listed value, so a terse
    detail never turns a named account with roles into "(unnamed account)" without any."""
    account = listed.account
    if detail.account is not None:
        account = detail.account if account is None else _merged(account, detail.account)
    return dataclasses.replace(_merged(listed, detail), account=account)


# -- parsing -------------------------------------------------------------------------------------


def _parse_grant(value: object, path: str) -> Grant:
    obj = as_object(value, path)
    write = opt_bool(obj, "write", path)
    if write is None:  # the account-members API spells it "edit"; accept either
        write = opt_bool(obj, "edit", path)
    return Grant(read=opt_bool(obj, "read", path), write=write)


def _parse_permissions(obj: Mapping[str, Any], path: str) -> tuple[tuple[str, Grant], ...]:
    value = obj.get("permissions")
    if value is None:
        return ()
    perms = as_object(value, f"{path}.permissions")
    out: list[tuple[str, Grant]] = []
    for key, grant in perms.items():
        if grant is None:
            continue
        resource = sanitize(str(key))
        out.append((resource, _parse_grant(grant, key_path(f"{path}.permissions", str(key)))))
    return tuple(out)


def _parse_group(value: object, path: str) -> PermissionGroup:
    obj = as_object(value, path)
    return PermissionGroup(id=opt_str(obj, "id", path), name=opt_str(obj, "name", path))


def _parse_scope_object(value: object, path: str) -> str:
    text = opt_str(as_object(value, path), "key", path)
    return text if text is not None else ""


def _parse_scope(value: object, path: str) -> Scope:
    obj = as_object(value, path)
    objects = object_list(obj, "objects", path, _parse_scope_object)
    return Scope(key=opt_str(obj, "key", path), objects=tuple(o for o in objects if o))


def _parse_resource_group(value: object, path: str) -> ResourceGroup:
    obj = as_object(value, path)
    scope = obj.get("scope")
    if isinstance(scope, dict):  # the create call takes one scope object; answers send a list
        scopes: tuple[Scope, ...] = (_parse_scope(scope, f"{path}.scope"),)
    else:
        scopes = object_list(obj, "scope", path, _parse_scope)
    return ResourceGroup(
        id=opt_str(obj, "id", path), name=opt_str(obj, "name", path), scopes=scopes
    )


def parse_policy(value: object, path: str) -> Policy:
    obj = as_object(value, path)
    return Policy(
        id=opt_str(obj, "id", path),
        access=opt_str(obj, "access", path),
        permission_groups=object_list(obj, "permission_groups", path, _parse_group),
        resource_groups=object_list(obj, "resource_groups", path, _parse_resource_group),
    )


def parse_membership(value: object, path: str = "result") -> Membership:
    """One membership: an item of the list, or ``GET``/``PUT /memberships/{id}``'s result."""
    obj = as_object(value, path)
    account = obj.get("account")
    policies = obj.get("policies")
    if policies is not None and not isinstance(policies, list):
        raise malformed(f"{path}.policies", "a list", policies)
    return Membership(
        id=opt_str(obj, "id", path),
        account=None if account is None else parse_account(account, f"{path}.account"),
        roles=str_list(obj, "roles", path),
        status=opt_str(obj, "status", path),
        api_access_enabled=opt_bool(obj, "api_access_enabled", path),
        permissions=_parse_permissions(obj, path),
        policies=None if policies is None else object_list(obj, "policies", path, parse_policy),
    )


def parse_memberships(result: object, path: str = "result") -> tuple[Membership, ...]:
    """One page of ``GET /memberships``."""
    return result_list(result, path, parse_membership)


def invitation_body(accept: bool) -> dict[str, InvitationAnswer]:
    """The ``PUT /memberships/{id}`` body that answers an invitation."""
    return {"status": "accepted" if accept else "rejected"}
