"""Answers for the TUI's token screens, for ``ui_fakes.make_app``'s ``answers``.

The tokens are ``fake_token_bodies.every_flag`` on the suite's fixed day, parsed as the
client parses them; the first ("cftui laptop") is the token in use: it has the id the fake
verify answers (``ui_fakes.ACTIVE``). Rolling it answers ``ROLLED``, a distinctive secret a
test can look for on screen, in snapshots and in logs.
"""

from __future__ import annotations

from typing import Any

from cftui.core.errors import ApiError
from cftui.core.models.token_value import NewSecret
from cftui.core.models.user_token import TokenDetails, parse_token_list
from tests.support.fake.token_bodies import every_flag
from tests.support.ui_fakes import ACTIVE, TODAY, Answer, answered

ROLLED = "cfut_RolledTUIsecret0123456789abcdefghijklmnop"
TOKENS = "/user/tokens"
assert ACTIVE.id is not None
IN_USE = ACTIVE.id
OWN = f"/user/tokens/{IN_USE}"
ROLL = f"/user/tokens/{IN_USE}/value"


def token_bodies() -> list[dict[str, Any]]:
    bodies = every_flag(TODAY)
    bodies[0]["id"] = IN_USE
    return bodies


def tokens() -> tuple[TokenDetails, ...]:
    return parse_token_list(token_bodies())


def refused(code: int = 9109, status: int = 403) -> ApiError:
    return ApiError("Unauthorized to access requested resource", status=status, codes=(code,))


def token_answers(*, listing: bool = True, own: bool = True) -> dict[str, Answer]:
    """The list, the token in use's own entry and its roll; a refusal (9109) where told."""
    listed = tokens()
    return {
        TOKENS: answered(listed) if listing else refused(),
        OWN: answered(listed[0]) if own else refused(),
        ROLL: NewSecret(ROLLED),  # type: ignore[dict-item]  # the roll answers the secret alone
    }
