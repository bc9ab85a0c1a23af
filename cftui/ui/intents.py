"""What a screen asks the app to do, as Textual messages.

A screen posts an intent and the app, which owns the session, the accounts controller and the
terminal, carries it out: screens never reach into the app's attributes, and the app is the
only module that knows them all (no import circle through the screens).
"""

from __future__ import annotations

from textual.message import Message

from cftui.core.accounts.rows import AccountRow


class CopyId(Message):
    """Send an id to the clipboard and say where it went (``what``: "account" or "user")."""

    def __init__(self, what: str, value: str, name: str) -> None:
        super().__init__()
        self.what = what
        self.value = value
        self.name = name


class OpenAccount(Message):
    """Open an account's screen, fetching its policies unless they are loaded or loading."""

    def __init__(self, row: AccountRow) -> None:
        super().__init__()
        self.row = row


class AnswerInvitation(Message):
    """The user confirmed accepting (or declining) the invitation on ``row``."""

    def __init__(self, row: AccountRow, *, accept: bool) -> None:
        super().__init__()
        self.row = row
        self.accept = accept
