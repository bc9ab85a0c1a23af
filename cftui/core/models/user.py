"""Models of ``GET /user``'s result and of the envelope's messages, parsed from decoded JSON.

Every field of ``result`` is optional and may be null. Unknown fields are kept (``extra``)
for the raw view. A known field of the wrong type makes the whole response malformed, and the
error names the JSON path (``result.organizations[2].roles``). Strings are sanitized here,
once, so nothing downstream ever sees a control character from the API.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from cftui.core.dates import Timestamp
from cftui.core.models.fields import as_object as _object
from cftui.core.models.fields import malformed as _malformed
from cftui.core.models.fields import opt_bool as _opt_bool
from cftui.core.models.fields import opt_str as _opt_str
from cftui.core.models.fields import opt_timestamp as _opt_timestamp
from cftui.core.models.fields import str_list as _str_list
from cftui.core.text import sanitize, sanitize_json

OrgStatus = Literal["member", "invited"]


@dataclass(frozen=True, slots=True)
class ApiMessage:
    """One entry of the envelope's ``errors`` or ``messages``."""

    code: int | None
    message: str
    documentation_url: str | None = None
    error_chain: tuple[ApiMessage, ...] = ()

    def all_codes(self) -> tuple[int, ...]:
        own = () if self.code is None else (self.code,)
        return own + tuple(c for m in self.error_chain for c in m.all_codes())

    def __str__(self) -> str:
        return self.message if self.code is None else f"{self.message} (code {self.code})"


@dataclass(frozen=True, slots=True)
class Organization:
    id: str | None = None
    name: str | None = None
    status: str | None = None
    roles: tuple[str, ...] = ()
    permissions: tuple[str, ...] = ()

    @property
    def display_name(self) -> str:
        return self.name or self.id or "(unnamed organization)"

    def permissions_by_resource(self) -> dict[str, list[str]]:
        """Group ``#zones:read``-style permissions as ``{"zones": ["read", "edit"]}``."""
        groups: dict[str, dict[str, None]] = {}  # dicts as ordered sets: linear in size
        for perm in self.permissions:
            resource, sep, action = perm.lstrip("#").rpartition(":")
            if not sep or not resource:
                resource, action = perm.lstrip("#") or perm, ""
            actions = groups.setdefault(resource, {})
            if action:
                actions[action] = None
        return {resource: list(actions) for resource, actions in groups.items()}


@dataclass(frozen=True, slots=True)
class User:
    id: str | None = None
    email: str | None = None
    username: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    country: str | None = None
    zipcode: str | None = None
    telephone: str | None = None
    betas: tuple[str, ...] = ()
    has_pro_zones: bool | None = None
    has_business_zones: bool | None = None
    has_enterprise_zones: bool | None = None
    two_factor_authentication_enabled: bool | None = None
    two_factor_authentication_locked: bool | None = None
    suspended: bool | None = None
    organizations: tuple[Organization, ...] = ()
    created_on: Timestamp | None = None
    modified_on: Timestamp | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def display_name(self) -> str:
        """How Cloudflare users know themselves: their name, else their email."""
        full = " ".join(p for p in (self.first_name, self.last_name) if p)
        return full or self.email or self.id or "(unnamed user)"

    @property
    def distinct_username(self) -> str | None:
        """The username, when it says more than the id (many accounts carry the id there)."""
        return self.username if self.username and self.username != self.id else None

    def to_json(self) -> dict[str, Any]:
        """The known fields as plain JSON (for ``whoami --json``); all strings sanitized."""
        return {
            "id": self.id,
            "email": self.email,
            "username": self.username,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "country": self.country,
            "zipcode": self.zipcode,
            "telephone": self.telephone,
            "betas": list(self.betas),
            "has_pro_zones": self.has_pro_zones,
            "has_business_zones": self.has_business_zones,
            "has_enterprise_zones": self.has_enterprise_zones,
            "two_factor_authentication_enabled": self.two_factor_authentication_enabled,
            "two_factor_authentication_locked": self.two_factor_authentication_locked,
            "suspended": self.suspended,
            "created_on": None if self.created_on is None else self.created_on.text,
            "modified_on": None if self.modified_on is None else self.modified_on.text,
            "organizations": [
                {
                    "id": o.id,
                    "name": o.name,
                    "status": o.status,
                    "roles": list(o.roles),
                    "permissions": list(o.permissions),
                }
                for o in self.organizations
            ],
        }


# -- parsing -------------------------------------------------------------------------------


def parse_organization(value: object, path: str) -> Organization:
    obj = _object(value, path)
    return Organization(
        id=_opt_str(obj, "id", path),
        name=_opt_str(obj, "name", path),
        status=_opt_str(obj, "status", path),
        roles=_str_list(obj, "roles", path),
        permissions=_str_list(obj, "permissions", path),
    )


_USER_KNOWN = frozenset(
    (
        "id",
        "email",
        "username",
        "created_on",
        "modified_on",
        "first_name",
        "last_name",
        "country",
        "zipcode",
        "telephone",
        "betas",
        "organizations",
        "has_pro_zones",
        "has_business_zones",
        "has_enterprise_zones",
        "two_factor_authentication_enabled",
        "two_factor_authentication_locked",
        "suspended",
    )
)


def parse_user(value: object, path: str = "result") -> User:
    obj = _object(value, path)
    orgs_raw = obj.get("organizations")
    if orgs_raw is not None and not isinstance(orgs_raw, list):
        raise _malformed(f"{path}.organizations", "a list", orgs_raw)
    orgs = tuple(
        parse_organization(o, f"{path}.organizations[{i}]") for i, o in enumerate(orgs_raw or ())
    )
    extra = {k: v for k, v in obj.items() if k not in _USER_KNOWN}
    return User(
        id=_opt_str(obj, "id", path),
        email=_opt_str(obj, "email", path),
        username=_opt_str(obj, "username", path),
        first_name=_opt_str(obj, "first_name", path),
        last_name=_opt_str(obj, "last_name", path),
        country=_opt_str(obj, "country", path),
        zipcode=_opt_str(obj, "zipcode", path),
        telephone=_opt_str(obj, "telephone", path),
        has_pro_zones=_opt_bool(obj, "has_pro_zones", path),
        has_business_zones=_opt_bool(obj, "has_business_zones", path),
        has_enterprise_zones=_opt_bool(obj, "has_enterprise_zones", path),
        two_factor_authentication_enabled=_opt_bool(obj, "two_factor_authentication_enabled", path),
        two_factor_authentication_locked=_opt_bool(obj, "two_factor_authentication_locked", path),
        suspended=_opt_bool(obj, "suspended", path),
        betas=_str_list(obj, "betas", path),
        organizations=orgs,
        created_on=_opt_timestamp(obj, "created_on", path),
        modified_on=_opt_timestamp(obj, "modified_on", path),
        extra=sanitize_json(extra) if extra else {},
    )


def parse_message(value: object, path: str) -> ApiMessage:
    obj = _object(value, path)
    code = obj.get("code")
    if code is not None and (isinstance(code, bool) or not isinstance(code, int)):
        raise _malformed(f"{path}.code", "an integer", code)
    message = obj.get("message")
    if message is not None and not isinstance(message, str):
        raise _malformed(f"{path}.message", "a string", message)
    chain_raw = obj.get("error_chain")
    if chain_raw is not None and not isinstance(chain_raw, list):
        raise _malformed(f"{path}.error_chain", "a list", chain_raw)
    chain = tuple(
        parse_message(m, f"{path}.error_chain[{i}]") for i, m in enumerate(chain_raw or ())
    )
    return ApiMessage(
        code=code,
        message=(sanitize(message) if message else "") or "(no message)",
        documentation_url=_opt_str(obj, "documentation_url", path),
        error_chain=chain,
    )
