"""Who the credentials belong to: name, email, id, username, member since, country,
zipcode, telephone and betas."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text

from cftui.core.models.user import User
from cftui.core.text import shorten
from cftui.ui.widgets.facts import Fact, UserFacts

BETAS_LIMIT = 240
"""Betas may wrap, but an account in hundreds of betas must not fill the screen."""


class ProfileCard(UserFacts):
    BORDER_TITLE = "Profile"
    WRAP: ClassVar[frozenset[str]] = frozenset({"Betas"})

    def _value(self, value: str | None) -> Text:
        return Text(value) if value else self.missing()

    def user_facts(self, user: User) -> list[Fact]:
        # The name as given; without one, "not set" rather than the email a second time.
        full = " ".join(p for p in (user.first_name, user.last_name) if p)
        name = Text(full, style="bold") if full else self.missing()
        betas = (
            Text(shorten(", ".join(user.betas), BETAS_LIMIT))
            if user.betas
            else self.missing("none")
        )
        facts: list[Fact] = [
            ("Name", name),
            ("Email", self._value(user.email)),
            ("ID", self._value(user.id)),
        ]
        if user.distinct_username:
            facts.append(("Username", Text(user.distinct_username)))
        # One line that fits the 48-column card whole ("since … · modified …" lost its last
        # date there at any terminal width), without a line more above the accounts.
        dates = [d.date_text for d in (user.created_on, user.modified_on) if d is not None]
        if user.created_on is not None and user.modified_on is not None:
            facts.append(("Joined", Text(f"{dates[0]} · modified {dates[1]}")))
        elif user.created_on is not None:
            facts.append(("Joined", Text(dates[0])))
        return [
            *facts,
            ("Country", self._value(user.country)),
            ("Zipcode", self._value(user.zipcode)),
            ("Telephone", self._value(user.telephone)),
            ("Betas", betas),
        ]
