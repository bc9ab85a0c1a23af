"""What the token in use may do: its own policies, read with ``GET /user/tokens/{id}``.

The question users ask most ("which permissions does this token have?") is answered by the
token itself when it holds *API Tokens Read*: it may read its own entry, found by the id its
verify answered. So this section waits for the token section (``after("token")``) and asks
once, beside the memberships pages. Without that permission Cloudflare refuses (9109, 10000
or a bare 403): that is said once, naming the permission, and nothing else changes. An
account-owned token, a Global API key and a token whose verify failed are not asked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from cftui.core.api import endpoints
from cftui.core.errors import ApiError, CftuiError
from cftui.core.models.membership import Membership
from cftui.core.models.user_token import TokenDetails
from cftui.core.overview.steps import Section, after, ask
from cftui.core.tokens.describe import TokenWords, describe_token
from cftui.core.tokens.resources import read_resources
from cftui.core.tokens.words import PERMISSION_CODES, READ_PERMISSION, READ_WHERE

MAY_PREFIX = "Token may: "
CANNOT_READ = (
    f"this token may not read its own permissions: that needs {READ_PERMISSION} ({READ_WHERE})"
)


@dataclass(frozen=True, slots=True)
class OwnToken:
    """The token's own entry (``details``), or why it could not be read (``error``);
    neither when it was not asked for (``asked`` False)."""

    details: TokenDetails | None = None
    error: CftuiError | None = None
    asked: bool = False
    token_id: str | None = None  # as the verify answered: the token in use

    @property
    def lacks_permission(self) -> bool:
        """Refused for want of *API Tokens Read* (or an IP filter, which reads the same)."""
        error = self.error
        if not isinstance(error, ApiError):
            return False
        return bool(PERMISSION_CODES.intersection(error.codes)) or error.status in (401, 403)

    def words(self, names: Mapping[str, str] | None = None) -> TokenWords | None:
        """Every policy in words; ``names`` maps account and zone ids to their names."""
        return None if self.details is None else describe_token(self.details, names)

    @property
    def line(self) -> str | None:
        """One line for whoami and the security panel: ``Token may: DNS Write on 3 zones``;
        the missing permission when refused; ``None`` otherwise."""
        if self.details is not None:
            words = describe_token(self.details)
            return MAY_PREFIX + words.summary
        if self.lacks_permission:
            return CANNOT_READ[0].upper() + CANNOT_READ[1:] + "."
        return None  # another failure (404, the network): --json carries it, the line waits


def account_names(memberships: Iterable[Membership]) -> dict[str, str]:
    """Account id to name, from the memberships listed beside: a policy's account in words."""
    return {m.account_id: m.account_name for m in memberships if m.account_id and m.account_name}


def own_token_section() -> Section[OwnToken]:
    """After the verify: the token's own entry, when it is a user token with an id."""
    check: Any = yield from after("token")  # check.TokenCheck (check imports this module)
    status = check.status
    if status is None or not status.id or check.user_verify.ok is not True:
        return OwnToken()
    outcome = yield from ask(endpoints.get_token(status.id))
    if outcome.value is not None:
        return OwnToken(details=outcome.value.result, asked=True, token_id=status.id)
    return OwnToken(error=outcome.error, asked=True, token_id=status.id)


def _policy_json(policy: Any, names: Mapping[str, str] | None) -> dict[str, Any]:
    from cftui.core.tokens.describe import describe_policy

    words = describe_policy(policy, names)
    return {
        "id": policy.id,
        "effect": words.effect,
        "permission_groups": [{"id": g.id, "name": g.name} for g in policy.permission_groups],
        "resources": [
            {"key": r.key, "kind": r.kind, "id": r.id, "within": r.within, "words": said}
            for r, said in zip(read_resources(policy.resources), words.resources, strict=True)
        ],
        "summary": words.summary,
    }


def own_token_json(own: OwnToken, names: Mapping[str, str] | None = None) -> dict[str, Any] | None:
    """``whoami --json``'s ``token.permissions``: the policies, or why they are not there;
    ``None`` when they were not asked for."""
    if not own.asked:
        return None
    details = own.details
    if details is None:
        error = own.error
        body: dict[str, Any] = {
            "type": type(error).__name__ if error else None,
            "message": error.message if error else "not read",
            "missing_permission": READ_PERMISSION if own.lacks_permission else None,
        }
        if isinstance(error, ApiError):
            body |= {"status": error.status, "codes": list(error.codes)}
        return {"error": body}
    words = describe_token(details, names)
    ip = details.ip
    return {
        "name": details.name,
        "summary": words.summary,
        "policies": [_policy_json(p, names) for p in details.policies],
        "ip": {
            "in": list(ip.allowed) if ip else [],
            "not_in": list(ip.denied) if ip else [],
            "words": words.ip,
        },
    }
