"""Small types shared by the app and its screens.

They live apart from ``app.py`` so that screens can name them without importing the app
(which imports the screens).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cftui.core.api.requester import Requester
from cftui.core.credentials.kinds import Credential

ClientFactory = Callable[[Credential], Requester]
"""Builds the requester for a credential; injected so tests never touch the network."""


@dataclass(frozen=True, slots=True)
class ExitState:
    """What the app hands back to ``cli.py``, which prints ``message`` and exits with ``code``.

    ``code`` is an ``ExitCode``, or 128 + N after signal N.
    """

    code: int
    message: str | None = None


@dataclass(frozen=True, slots=True)
class UseProfile:
    """Show the saved profile ``name``."""

    name: str


@dataclass(frozen=True, slots=True)
class UseCredential:
    """Show a verified credential that is not saved anywhere (no keyring): this session only."""

    credential: Credential


@dataclass(frozen=True, slots=True)
class UseDefault:
    """Show what ``cftui`` without ``--profile`` would: the profile in use was removed."""

    removed: str


@dataclass(frozen=True, slots=True)
class UseDemo:
    """Show the embedded demo data."""


Switch = UseProfile | UseCredential | UseDefault | UseDemo
"""Whose data the app shows next; screens dismiss with one and the app applies it."""


@dataclass(frozen=True, slots=True)
class LoginResult:
    """A verified login from ``LoginScreen``.

    ``saved`` is False for a session-only login (no keyring): the app then uses
    ``credential`` for this session and writes it nowhere.
    """

    profile: str | None
    credential: Credential
    saved: bool
    make_default: bool

    @property
    def switch(self) -> Switch:
        if self.saved and self.profile is not None:
            return UseProfile(self.profile)
        return UseCredential(self.credential)
