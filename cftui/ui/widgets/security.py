"""Two-factor authentication and suspension: the account's safety at a glance.

Every state is a symbol *and* words (never colour alone), and a missing field says "unknown"
rather than pretending to be false.
"""

from __future__ import annotations

from rich.text import Text

from cftui.core.models import User
from cftui.ui.widgets.facts import ALARM, BAD, GOOD, MISSING, OFF, Fact, UserFacts


class SecurityPanel(UserFacts):
    BORDER_TITLE = "Security"

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
        ]
