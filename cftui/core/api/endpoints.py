"""Every endpoint cftui calls, each as what to send and which model reads the answer.

An endpoint is a function returning an ``ApiCall``; the clients turn each into a method
(``client.get_user()``), so sending, retrying, reading and refusing are written once, in
``base_client``. Ids in paths come from the API or the user: they are quoted as one path
segment, so an id can never reach another endpoint.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar
from urllib.parse import quote

from cftui.core.api.envelope import Response, UserResponse
from cftui.core.errors import UsageError
from cftui.core.models.account import Account, parse_accounts
from cftui.core.models.membership import Membership, parse_membership, parse_memberships
from cftui.core.models.token import TokenStatus, parse_token_status
from cftui.core.models.token_value import NewSecret, parse_token_value
from cftui.core.models.user import parse_user
from cftui.core.models.user_token import (
    PermissionGroup,
    TokenDetails,
    parse_permission_groups,
    parse_token_details,
    parse_token_list,
)

T = TypeVar("T")
R = TypeVar("R")
MembershipStatus = Literal["accepted", "rejected"]
MembershipFilter = Literal["accepted", "pending", "rejected"]
MAX_PER_PAGE = 50


@dataclass(frozen=True, slots=True)
class ApiCall(Generic[R]):
    """One request to make: ``parse`` reads the envelope's ``result`` (``path`` names it in
    errors), ``respond`` wraps it with the answer's facts into what the caller gets."""

    method: Literal["GET", "PUT"]
    path: str
    parse: Callable[[object, str], Any]
    respond: Callable[..., R]
    params: Mapping[str, str] | None = None
    json: Any = None
    what: str = "a result"
    null_is_empty: bool = False  # a list's page may come as null: no items, not an error

    @property
    def idempotent(self) -> bool:
        """Safe to send twice: only then may an answered failure be asked again."""
        return self.method == "GET"


def _get(path: str, parse: Callable[[object, str], T], what: str) -> ApiCall[Response[T]]:
    return ApiCall("GET", path, parse, Response, what=what)


def _page(
    path: str,
    parse: Callable[[object, str], T],
    what: str,
    page: int,
    per_page: int,
    **filters: str,
) -> ApiCall[Response[T]]:
    query = {"page": str(page), "per_page": str(per_page), **filters}
    return ApiCall("GET", path, parse, Response, query, what=what, null_is_empty=True)


def is_path_id(value: str | None) -> bool:
    """Whether ``value`` can stand as one path segment (``.`` and ``..`` would walk the path)."""
    return bool(value) and value not in (".", "..")


def _segment(value: str, what: str) -> str:
    if not is_path_id(value):
        raise UsageError(f"The {what} is empty or not an id.")
    return quote(value, safe="")


def get_user() -> ApiCall[UserResponse]:
    return ApiCall("GET", "/user", parse_user, UserResponse, what="user details")


def verify_token() -> ApiCall[Response[TokenStatus]]:
    """A user-owned API token checks itself; needs no permission."""
    return _get("/user/tokens/verify", parse_token_status, "token status")


def list_accounts(
    page: int = 1, per_page: int = MAX_PER_PAGE
) -> ApiCall[Response[tuple[Account, ...]]]:
    return _page("/accounts", parse_accounts, "accounts", page, per_page)


def verify_account_token(account_id: str) -> ApiCall[Response[TokenStatus]]:
    """An account-owned API token checks itself, given the account it belongs to."""
    account = _segment(account_id, "account id")
    return _get(f"/accounts/{account}/tokens/verify", parse_token_status, "token status")


def list_tokens(
    page: int = 1, per_page: int = MAX_PER_PAGE
) -> ApiCall[Response[tuple[TokenDetails, ...]]]:
    """One page of the user's API tokens (needs *API Tokens Read*; at most 50 a user)."""
    return _page("/user/tokens", parse_token_list, "API tokens", page, per_page)


def get_token(token_id: str) -> ApiCall[Response[TokenDetails]]:
    """One of the user's API tokens with its policies; a token with *API Tokens Read* may
    read itself (its id comes from the verify answer)."""
    token = _segment(token_id, "token id")
    return _get(f"/user/tokens/{token}", parse_token_details, "API token")


def roll_token(token_id: str) -> ApiCall[NewSecret]:
    """Give the token a new secret (needs *API Tokens Write*): the old one stops working at
    once. The answer is the new secret alone, as a ``NewSecret``: the body it came in is not
    kept (no raw view, no debug copy). Never resent once answered."""
    token = _segment(token_id, "token id")
    return ApiCall(
        "PUT",
        f"/user/tokens/{token}/value",
        parse_token_value,
        _only_the_secret,
        json={},
        what="new token value",
    )


def _only_the_secret(result: NewSecret, *_: object, **__: object) -> NewSecret:
    return result


def list_permission_groups() -> ApiCall[Response[tuple[PermissionGroup, ...]]]:
    """Every permission group a token policy may name (needs *API Tokens Read*)."""
    return ApiCall(
        "GET",
        "/user/tokens/permission_groups",
        parse_permission_groups,
        Response,
        what="permission groups",
        null_is_empty=True,
    )


def list_memberships(
    page: int = 1, per_page: int = MAX_PER_PAGE, status: MembershipFilter | None = None
) -> ApiCall[Response[tuple[Membership, ...]]]:
    """One page of the accounts the user belongs to (needs *Memberships Read*); ``status``
    asks for only the accepted, pending or rejected ones."""
    filters = {} if status is None else {"status": status}
    return _page("/memberships", parse_memberships, "memberships", page, per_page, **filters)


def get_membership(membership_id: str) -> ApiCall[Response[Membership]]:
    """One membership with its policies."""
    membership = _segment(membership_id, "membership id")
    return _get(f"/memberships/{membership}", parse_membership, "membership")


def update_membership(
    membership_id: str, status: MembershipStatus
) -> ApiCall[Response[Membership]]:
    """Accept or reject an invitation (needs *Memberships Write*). Not idempotent in effect:
    never resent once answered."""
    membership = _segment(membership_id, "membership id")
    return ApiCall(
        "PUT",
        f"/memberships/{membership}",
        parse_membership,
        Response,
        json={"status": status},
        what="membership",
    )
