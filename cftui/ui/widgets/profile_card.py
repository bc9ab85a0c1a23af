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
        name = Text(user.display_name, style="bold")
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
        if user.created_on is not None:
            since = f"since {user.created_on.date_text}"
            if user.modified_on is not None:
                since += f" · modified {user.modified_on.date_text}"
            facts.append(("Member", Text(since)))
        return [
            *facts,
            ("Country", self._value(user.country)),
            ("Zipcode", self._value(user.zipcode)),
            ("Telephone", self._value(user.telephone)),
            ("Betas", betas),
        ]
