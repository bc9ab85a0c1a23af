"""Accounts as ``GET /accounts`` and ``/memberships`` describe them (``iam_account``).

``/accounts`` is how an account-owned API token finds the account it belongs to (it cannot
read ``/user`` or ``/memberships``); each membership also carries its account.
"""

from __future__ import annotations

from dataclasses import dataclass

from cftui.core.dates import Timestamp
from cftui.core.models.fields import (
    as_object,
    opt_bool,
    opt_object,
    opt_str,
    opt_timestamp,
    result_list,
)


@dataclass(frozen=True, slots=True)
class Account:
    id: str | None = None
    name: str | None = None
    type: str | None = None  # standard / enterprise, or whatever came
    created_on: Timestamp | None = None
    enforce_twofactor: bool | None = None  # settings.enforce_twofactor

    @property
    def display_name(self) -> str:
        return self.name or self.id or "(unnamed account)"


def parse_account(value: object, path: str) -> Account:
    obj = as_object(value, path)
    settings = opt_object(obj, "settings", path)
    return Account(
        id=opt_str(obj, "id", path),
        name=opt_str(obj, "name", path),
        type=opt_str(obj, "type", path),
        created_on=opt_timestamp(obj, "created_on", path),
        enforce_twofactor=(
            None
            if settings is None
            else opt_bool(settings, "enforce_twofactor", f"{path}.settings")
        ),
    )


def parse_accounts(result: object, path: str = "result") -> tuple[Account, ...]:
    """One page of ``GET /accounts``."""
    return result_list(result, path, parse_account)
