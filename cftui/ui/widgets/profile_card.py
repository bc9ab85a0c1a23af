"""Who the credentials belong to: name, id, country, zipcode, telephone and betas."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text

from cftui.core.models import User
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
        return [
            ("Name", name),
            ("ID", self._value(user.id)),
            ("Country", self._value(user.country)),
            ("Zipcode", self._value(user.zipcode)),
            ("Telephone", self._value(user.telephone)),
            ("Betas", betas),
        ]
