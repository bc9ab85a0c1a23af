"""What rolling a token answers: its new secret, held so that it cannot be shown by accident.

``PUT /user/tokens/{id}/value`` answers with the new secret as a bare string (cloudflare-python's
``types/user/tokens/value.py``: ``Value = str``). It is the one secret cftui ever receives from
the API instead of sending it, so the client's redactor (which knows only the credential in
use) cannot mask it: ``NewSecret`` keeps it out of every ``repr``, ``str`` and format, and
hands it out only through ``reveal()``, which the code that stores or prints it calls by name.
"""

from __future__ import annotations

from cftui.core.models.fields import malformed
from cftui.core.redact import mask

MAX_SECRET_CHARS = 4096
"""A token is about 40 to 60 characters; a result this long is no token."""


class NewSecret:
    """A secret fresh from the API. Compares by value; shows only its masked form."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        object.__setattr__(self, "_value", value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("a NewSecret is read-only")

    def reveal(self) -> str:
        """The secret itself: for the keyring, or the one line a user asked for."""
        value: str = object.__getattribute__(self, "_value")
        return value

    @property
    def masked(self) -> str:
        return mask(self.reveal())

    def __repr__(self) -> str:
        return f"NewSecret({self.masked!r})"

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return repr(self)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NewSecret) and other.reveal() == self.reveal()

    def __hash__(self) -> int:
        return hash(("NewSecret", self.reveal()))

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("a NewSecret is not pickled")


def parse_token_value(value: object, path: str = "result") -> NewSecret:
    """The rolled secret: a non-empty string of printable ASCII without spaces. What does not
    fit is malformed, and the error names the type only, never the text."""
    if not isinstance(value, str):
        raise malformed(path, "a string (the new secret)", value)
    usable = 0 < len(value) <= MAX_SECRET_CHARS and value.isascii() and value.isprintable()
    if not usable or any(ch.isspace() for ch in value):
        raise malformed(path, "one word of printable ASCII (the new secret)", value)
    return NewSecret(value)
