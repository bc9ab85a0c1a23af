"""The one place that keeps secrets off the screen: how a secret is shown, and finding it.

``mask`` is the only form a secret is ever shown in. A ``Redactor`` knows one credential's
secrets and masks them in anything a server sends back (headers, bodies, error texts), even
when invisible characters were slipped between their letters: ``sanitize`` removes those
before text is shown, so ``cfut<zero-width space>_abc…`` would otherwise reach the terminal
as the plain secret.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from cftui.core.text import UNSEEN

MASK_MIN_LENGTH = 16
# Shorter "secrets" (a stray value in a keyring) would match ordinary words.
_REDACT_MIN_LENGTH = 4
_SECRET_RUN = re.compile(r"[A-Za-z0-9_-]{16,}")
# Besides what ``sanitize`` drops: marks and fillers that terminals draw as nothing.
_INVISIBLE = (
    "[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180d\u3164\ufe00-\ufe0f\uffa0\U000e0100-\U000e01ef]"
)
_GAP = f"(?:{UNSEEN}|{_INVISIBLE})*"
_GAP_CHARS = re.compile(f"{UNSEEN}|{_INVISIBLE}")

Redact = Callable[[str], str]


def mask(secret: str) -> str:
    """``abcd…wxyz`` for secrets of 16+ characters, otherwise just ``…``."""
    if len(secret) < MASK_MIN_LENGTH:
        return "…"
    return f"{secret[:4]}…{secret[-4:]}"


def mask_secret_runs(text: str) -> str:
    """``text`` with every run that could be a secret (16+ token characters) masked.

    For echoing user input back in an error: a credential pasted into the wrong field or
    argument must not be printed.
    """
    return _SECRET_RUN.sub(lambda m: mask(m.group()), text)


class Redactor:
    """Masks the given secrets wherever they appear, spelled plainly or with hidden gaps."""

    def __init__(self, secrets: Iterable[str]) -> None:
        kept = {s for s in secrets if len(s) >= _REDACT_MIN_LENGTH}
        self.secrets = tuple(sorted(kept, key=len, reverse=True))
        spelled = (_GAP.join(map(re.escape, s)) for s in self.secrets)
        self._pattern = re.compile("|".join(spelled)) if self.secrets else None
        self._encoded = tuple(s.encode() for s in self.secrets)

    def __call__(self, text: str) -> str:
        """``text`` with every secret in it masked (``abcd…wxyz`` or ``…``)."""
        if self._pattern is None:
            return text
        return self._pattern.sub(lambda m: mask(_GAP_CHARS.sub("", m.group())), text)

    def may_hide_in(self, body: bytes) -> bool:
        """Whether ``body`` could hold a secret that its plain bytes do not show.

        Cheap enough for every answer: a secret is ASCII, so in a pure-ASCII body without JSON
        escapes (or DEL, which JSON allows raw) it can only appear as itself.
        """
        if self._pattern is None:
            return False
        return (
            any(s in body for s in self._encoded)
            or b"\\" in body
            or b"\x7f" in body
            or not body.isascii()
        )

    def json(self, value: Any) -> Any:
        """A decoded JSON value with every string (keys included) redacted."""
        if isinstance(value, str):
            return self(value)
        if isinstance(value, dict):
            return {self(str(k)): self.json(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.json(v) for v in value]
        return value
