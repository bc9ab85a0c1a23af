"""Two-factor authentication, suspension and the credential's health: safety at a glance.

Every state is a symbol *and* words (never colour alone), and a missing field says "unknown"
rather than pretending to be false. The token rows come from the token section of the fetch
(``TokenReport``): its status, when it expires (the date too where the panel has room), from
when it is valid while that is still ahead, and why the status is unknown when the check
failed -- there, and nowhere else. What the token may do (its own policies, where it may
read them) is one cut line here; the policies in full are on the token's own screen.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.reactive import reactive

from cftui.core.models.token import TokenHealth
from cftui.core.models.user import User
from cftui.core.overview.credential_kind import CredentialKind
from cftui.core.overview.own_token import MAY_PREFIX, OwnToken
from cftui.core.overview.token_report import TokenReport, When
from cftui.ui.widgets.facts import ALARM, BAD, GOOD, MISSING, OFF, WARN, Fact, UserFacts

# How each health reads in the Token row, and in which style (the Expires row follows it).
_HEALTH: dict[TokenHealth, tuple[str, str]] = {
    TokenHealth.ACTIVE: ("✓ active", GOOD),
    TokenHealth.EXPIRING: ("⚠ expires soon", WARN),
    TokenHealth.EXPIRED: ("✗ expired", BAD),
    TokenHealth.DISABLED: ("✗ disabled", BAD),
    TokenHealth.NOT_YET_VALID: ("⚠ not valid yet", WARN),
}


class SecurityPanel(UserFacts):
    BORDER_TITLE = "Security"
    WRAP: ClassVar[frozenset[str]] = frozenset({"Why"})

    token: reactive[TokenReport | None] = reactive(None, layout=True, always_update=True)
    checking: reactive[bool] = reactive(False, layout=True)
    own: reactive[OwnToken | None] = reactive(None, layout=True)

    def flag(self, value: bool | None, yes: str, no: str, *, alarm_if_no: bool = True) -> Text:
        """``✓ yes-words`` / ``✗ no-words`` / ``? unknown``.

        Red only where "no" is a risk (2FA disabled); a lock that is not set is just muted.
        """
        if value is None:
            return self.styled("? unknown", MISSING)
        if value:
            return self.styled(f"✓ {yes}", GOOD)
        return self.styled(f"✗ {no}", BAD if alarm_if_no else OFF)

    def user_facts(self, user: User) -> list[Fact]:
        if user.suspended:
            account = self.styled(" ⚠ SUSPENDED ", ALARM)
        elif user.suspended is None:
            account = self.styled("? unknown", MISSING)
        else:
            account = self.styled("✓ active", GOOD)
        return [
            ("2FA", self.flag(user.two_factor_authentication_enabled, "enabled", "disabled")),
            (
                "2FA lock",
                self.flag(
                    user.two_factor_authentication_locked,
                    "locked",
                    "not locked",
                    alarm_if_no=False,
                ),
            ),
            ("Account", account),
            *self.token_facts(),
        ]

    def _when(self, when: When, style: str | None = None) -> Text:
        room = self.size.width - self.LABEL_WIDTH - 1
        words = when.full if len(when.full) <= room else when.relative
        return self.styled(words, style) if style else Text(words)

    def token_facts(self) -> list[Fact]:
        report = self.token
        if report is None:
            return [("Token", self.missing("checking…"))] if self.checking else []
        if report.kind is CredentialKind.GLOBAL_KEY:
            return [("Token", self.styled("Global API key", OFF)), ("Expires", Text("never"))]
        if report.health is None:
            facts: list[Fact] = [("Token", self.missing("? status unknown"))]
            return [*facts, ("Why", Text(report.reason))] if report.reason else facts
        words, style = _HEALTH.get(report.health, (f"? {report.summary}", MISSING))
        facts = [("Token", self.styled(words, style))]
        if report.expires is not None:
            late = style if report.health in (TokenHealth.EXPIRING, TokenHealth.EXPIRED) else None
            facts.append(("Expires", self._when(report.expires, late)))
        if report.valid_from is not None:
            facts.append(("Valid from", self._when(report.valid_from, WARN)))
        return [*facts, *self.scope_facts()]

    def scope_facts(self) -> list[Fact]:
        """What the token may do in one line (its policies are a key away), or the
        permission that would show it; nothing when it was not read for another reason."""
        own = self.own
        if own is None:
            return []
        if own.details is not None and own.line:
            return [("May", Text(own.line.removeprefix(MAY_PREFIX)))]
        if own.lacks_permission:
            return [("May", self.missing("? needs API Tokens Read"))]
        return []
