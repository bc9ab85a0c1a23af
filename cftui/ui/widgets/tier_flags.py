"""Which zone plans the account has: Pro, Business, Enterprise, each ✓/✗ plus a word.

Not having a plan is not a fault, so "✗ no" is muted rather than red.
"""

from __future__ import annotations

from rich.text import Text

from cftui.core.models.user import User
from cftui.ui.widgets.facts import GOOD, MISSING, OFF, Fact, UserFacts


class TierFlags(UserFacts):
    BORDER_TITLE = "Zone tiers"

    def tier(self, value: bool | None) -> Text:
        if value is None:
            return self.styled("? unknown", MISSING)
        return self.styled("✓ yes", GOOD) if value else self.styled("✗ no", OFF)

    def user_facts(self, user: User) -> list[Fact]:
        return [
            ("Pro", self.tier(user.has_pro_zones)),
            ("Business", self.tier(user.has_business_zones)),
            ("Enterprise", self.tier(user.has_enterprise_zones)),
        ]
