"""The keys of the main screen and its accounts list, declared with the app's (``keys.py``).

The list moves as in less and vim: ``j``/``k``, ``ctrl+f``/``ctrl+b`` (and ``space``) a page,
``ctrl+d``/``ctrl+u`` half a page, ``g``/``G`` the ends, ``n``/``N`` the next and previous
match of the filter. ``z`` (or ``+``, as in lazygit) gives the list the whole screen and
back. ``a`` and ``d`` answer the invitation the cursor is on, as they do in the account.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

from cftui.ui.keys import PANEL_BINDINGS

# Keys that do one thing in two directions share a sentence, so the help says them in one
# line: the help fits 80x24 without scrolling.
ROW = "up, down a row"
PAGE = "up, down a page"
HALF = "up, down half a page"
ENDS = "first, last row"
ANSWER = "accept, decline the invitation the cursor is on (asks first)"
MATCH = "next, previous match of the filter (wraps around)"

TABLE_BINDINGS: list[BindingType] = [
    Binding("up,k", "cursor_up", "Up", show=False, tooltip=ROW, id="accounts.up"),
    Binding("down,j", "cursor_down", "Down", show=False, tooltip=ROW, id="accounts.down"),
    Binding(
        "pageup,ctrl+b",
        "page_up",
        "Page up",
        show=False,
        tooltip=PAGE,
        id="accounts.page_up",
    ),
    Binding(
        "pagedown,ctrl+f,space",
        "page_down",
        "Page down",
        show=False,
        tooltip=PAGE,
        id="accounts.page_down",
    ),
    Binding(
        "ctrl+u",
        "half_page(-1)",
        "Half up",
        show=False,
        tooltip=HALF,
        id="accounts.half_up",
    ),
    Binding(
        "ctrl+d",
        "half_page(1)",
        "Half down",
        show=False,
        tooltip=HALF,
        id="accounts.half_down",
    ),
    Binding("home,g", "first", "First", show=False, tooltip=ENDS, id="accounts.first"),
    Binding("end,G", "last", "Last", show=False, tooltip=ENDS, id="accounts.last"),
]
"""The accounts table's own: they work where it has the focus."""

TOKENS_HELP = "API tokens: yours, or the one in use: policies in words, roll"
"""``t`` (the list) and ``i`` (the token in use) as one line of help, ``t, i``."""

MAIN_BINDINGS: list[BindingType] = [
    Binding(
        "slash",
        "filter",
        "Filter",
        key_display="/",
        tooltip="filter accounts by name, id, role, permission or policy",
        id="main.filter",
    ),
    Binding(
        "enter",
        "open",
        "Open",
        key_display="⏎",
        tooltip="open the selected account: roles, permissions, policies",
        id="main.open",
    ),
    Binding(
        "z,plus",
        "zoom",
        "Zoom",
        tooltip="the accounts list on the whole screen, and back",
        id="main.zoom",
    ),
    Binding(
        "c",
        "copy_id",
        "Copy id",
        tooltip="copy the selected id to the clipboard (OSC 52, works over SSH)",
        id="main.copy_id",
    ),
    Binding("t", "tokens", "Tokens", show=False, tooltip=TOKENS_HELP, id="main.tokens"),
    Binding(
        "i",
        "own_token",
        "My token",
        show=False,
        tooltip=TOKENS_HELP,  # one help line for both: the help fits 80x24
        id="main.own_token",
    ),
    Binding(
        "a",
        "answer(True)",
        "Accept",
        tooltip=ANSWER,
        id="main.accept",
    ),
    Binding(
        "d",
        "answer(False)",
        "Decline",
        tooltip=ANSWER,
        id="main.decline",
    ),
    Binding(
        "n",
        "match(1)",
        "Next match",
        show=False,
        tooltip=MATCH,
        id="main.next_match",
    ),
    Binding(
        "N",
        "match(-1)",
        "Previous match",
        show=False,
        tooltip=MATCH,
        id="main.previous_match",
    ),
    Binding(
        "escape",
        "clear_filter",
        "Clear filter",
        tooltip="clear the filter",
        id="main.clear_filter",
    ),
    *PANEL_BINDINGS,
]
"""The main screen's: they work wherever the focus is on it (but in the filter's field)."""
