"""The main screen's fetch: every section of the overview (``cftui.core.overview.check``) at once.

The user is handed over the moment ``/user`` answers, so the card is drawn while the token
check may still be on its way (a slow verify never holds the profile back). An account token
that ``/user`` refused becomes ``AccountTokenError``: a state with what the token is, not a
bare rejection.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from cftui.core.api.envelope import UserResponse
from cftui.core.api.requester import Requester
from cftui.core.overview.check import fetch_overview
from cftui.core.overview.own_token import OwnToken
from cftui.core.overview.steps import Outcome
from cftui.core.overview.token_report import TokenReport, account_token_error, token_report


async def load(
    source: Requester, now: datetime, on_user: Callable[[UserResponse], object]
) -> tuple[UserResponse, TokenReport, OwnToken]:
    """``/user``, the token section and the token's own policies; raises ``/user``'s
    ``CftuiError``. The memberships section runs beside it, in the accounts panel's own
    worker (``cftui.ui.accounts``)."""

    def arrived(name: str, value: Any) -> None:
        if name == "user" and isinstance(value, Outcome) and value.value is not None:
            on_user(value.value)

    overview = await fetch_overview(source, on_section=arrived, memberships=False)
    if overview.is_account_token:
        raise account_token_error(overview, now)
    return overview.response(), token_report(overview, now), overview.own
