"""Answering an invitation, from the account screen or from its row in the list: the same
question, naming the account, and the same words when cftui cannot answer it.

``a`` or ``d`` on an invitation never does nothing: it asks, or it says what to do (an
invitation seen only in ``/user``'s organizations has no membership id to answer with).
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from cftui.core.accounts.rows import AccountRow
from cftui.core.text import shorten
from cftui.ui.intents import AnswerInvitation

NAME_LIMIT = 80
UNANSWERABLE = (
    "Invited, as /user's organizations say; cftui can answer invitations it finds in your "
    "memberships (a token with Memberships Read), or answer it in the Cloudflare dashboard."
)


def question(row: AccountRow, *, accept: bool) -> str:
    name = shorten(row.name, NAME_LIMIT)
    if accept:
        roles = ", ".join(row.roles) or "no roles listed"
        return (
            f"Accept the invitation to {name}? You become a member of this account, "
            f"with the roles: {shorten(roles, NAME_LIMIT)}."
        )
    return f"Decline the invitation to {name}? Only a member of that account can invite you again."


def ask_to_answer(screen: Screen[Any], row: AccountRow, *, accept: bool, busy: bool) -> None:
    """Ask, then post ``AnswerInvitation`` from ``screen``; or say why there is nothing to ask."""
    from cftui.ui.screens.confirm import ConfirmScreen

    if busy:
        screen.notify("Your answer is on its way to Cloudflare.", markup=False)
        return
    if not row.is_pending:
        name = shorten(row.name, NAME_LIMIT)
        screen.notify(f"{name} is not an invitation ({row.status}).", markup=False)
        return
    if not row.can_answer:
        screen.notify(UNANSWERABLE, title="Cannot answer here", severity="warning", markup=False)
        return
    confirm = ConfirmScreen(
        question(row, accept=accept),
        yes_label="Accept" if accept else "Decline",
        no_label="Cancel",
        destructive=not accept,
    )

    def confirmed(yes: bool | None) -> None:
        if yes:
            screen.post_message(AnswerInvitation(row, accept=accept))

    screen.app.push_screen(confirm, confirmed)


def answered_note(row: AccountRow, accept: bool) -> str:
    """What the user is told once Cloudflare has answered, from the row it sent back."""
    name = shorten(row.name, NAME_LIMIT)
    if accept:
        return f"You are now a member of {name} (Cloudflare says: {row.status})."
    return f"You declined the invitation to {name} (Cloudflare says: {row.status})."
