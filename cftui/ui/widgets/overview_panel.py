"""The profile card, security and zone tiers above (or, when wide, beside) the accounts.

One focus stop, so ``tab`` reaches it and it scrolls when it cannot all be shown. How tall it
is depends on the terminal, and is decided here rather than in CSS because it depends on how
tall the card turned out (betas wrap):

- wide (120 columns and more): a column of its own beside the accounts, the full height;
- narrow (80 to 119): the card beside security and tiers, as tall as the taller of them, so
  the card's last line and border are never hidden behind a scroll at 80x24;
- tight (under 80): the card over the full width (an id or a telephone number is not cut),
  security and tiers side by side under it. Where all of it does not fit above the accounts
  panel's minimum, it shows the whole card and scrolls to the rest: who the credential
  belongs to matters most, and a token about to expire or a suspension is also said in the
  header or a banner, which are always on screen.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget

from cftui.ui.keys import scroll_bindings
from cftui.ui.widgets.profile_card import ProfileCard
from cftui.ui.widgets.security import SecurityPanel
from cftui.ui.widgets.tier_flags import TierFlags

TABLE_MIN = 3
"""Rows the accounts table keeps at least below the overview: its header and two accounts
(the panel adds its border, and its problem line and filter when they show)."""
OVERVIEW_MIN = 3
MORE_BELOW = "↓ security · zone tiers"
"""Said on the card's bottom border when they are below it, out of view."""


def overview_height(room: int, card: int, flags: int, *, tight: bool) -> int:
    """The overview's height given the ``room`` above the accounts panel's minimum: all of
    it where it fits, else (tight) the whole card, else whatever room there is."""
    steps = (card + flags, card) if tight else (max(card, flags),)
    return max(OVERVIEW_MIN, next((step for step in steps if step <= room), room))


def below_minimum(panel: Widget) -> int:
    """The least height of the accounts panel: its border, what it shows above the table,
    and ``TABLE_MIN``."""
    above = sum(
        child.outer_size.height
        for child in panel.children
        if child.display and child.id != "account-table"
    )
    return panel.styles.gutter.height + above + TABLE_MIN


class OverviewPanel(VerticalScroll, can_focus=True):
    """``tab`` reaches it; it then scrolls with the arrows and ``j``/``k``/``g``/``G``."""

    BINDINGS: ClassVar[list[BindingType]] = scroll_bindings("card", documented=False)

    def compose(self) -> ComposeResult:
        yield ProfileCard(id="profile")
        with Vertical(id="flags"):
            yield SecurityPanel(id="security")
            yield TierFlags(id="tiers")

    def fit(self) -> None:
        """Size to the layout of the moment (call after a layout: it reads heights)."""
        screen = self.screen
        data = self.parent
        if not isinstance(data, Widget) or screen.has_class("-wide"):
            if self.styles.max_height is not None:
                self.styles.max_height = None
            return
        card = self.query_one(ProfileCard).outer_size.height
        flags = self.query_one("#flags").outer_size.height
        if not card or not data.size.height:
            return  # not laid out yet (the data is behind the loading panel)
        room = data.size.height
        for sibling in data.children:
            if sibling is not self and sibling.display:
                room -= (
                    below_minimum(sibling)
                    if sibling.id == "accounts"
                    else sibling.outer_size.height
                )
        tight = screen.has_class("-tight")
        height = overview_height(room, card, flags, tight=tight)
        if self.styles.max_height is None or self.styles.max_height.value != height:
            self.styles.max_height = height
        below = tight and height < card + flags
        self.query_one(ProfileCard).border_subtitle = MORE_BELOW if below else None
