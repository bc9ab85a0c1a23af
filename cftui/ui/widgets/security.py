"""Two-factor authentication and suspension: the account's safety at a glance.

Every state is a symbol *and* words (never colour alone), and a missing field says "unknown"
rather than pretending to be false.
"""

from __future__ import annotations

from rich.text import Text

from cftui.core.models import User
from cftui.ui.widgets.facts import ALARM, BAD, GOOD, MISSING, Fact, UserFacts


class SecurityPanel(UserFacts):
    BORDER_TITLE = "Security"

    def flag(self, value: bool | None, yes: str, no: str, *, good: bool = True) -> Text:
        """``✓ yes-words`` / ``✗ no-words`` / ``? unknown``, coloured by whether it is good."""
        if value is None:
            return self.styled("? unknown", MISSING)
        if value:
            return self.styled(f"✓ {yes}", GOOD if good else BAD)
        return self.styled(f"✗ {no}", BAD if good else GOOD)

    def user_facts(self, user: User) -> list[Fact]:
        if user.suspended:
            account = self.styled(" ⚠ SUSPENDED ", ALARM)
        elif user.suspended is None:
            account = self.styled("? unknown", MISSING)
        else:
            account = self.styled("✓ active", GOOD)
        return [
            ("2FA", self.flag(user.two_factor_authentication_enabled, "enabled", "disabled")),
            ("2FA lock", self.flag(user.two_factor_authentication_locked, "locked", "not locked")),
            ("Account", account),
        ]
