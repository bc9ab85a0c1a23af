"""The one place that keeps secrets off the screen: how a secret is shown, and finding it.

``mask`` is the only form a secret is ever shown in. A ``Redactor`` knows one credential's
secrets and masks them in anything a server sends back (headers, bodies, error texts), even
when invisible characters were slipped between their letters: ``sanitize`` removes those
before text is shown, so ``cfut<zero-width space>_abc…`` would otherwise reach the terminal
as the plain secret. It also knows each secret's encoded forms (base64, percent-encoding).
Text whose secrets are not known (a keyring's error on a read) is first ``normalize``d, then
every secret-like run is masked.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import quote, unquote

from cftui.core.text import UNSEEN, sanitize

MASK_MIN_LENGTH = 16
# Shorter "secrets" (a stray value in a keyring) would match ordinary words.
_REDACT_MIN_LENGTH = 4
# 16+ characters of a token, or of base64 (a secret a backend encoded before quoting it).
_SECRET_RUN = re.compile(r"[A-Za-z0-9_+/-]{16,}={0,2}")
_PERCENT = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
# Besides what ``sanitize`` drops: marks and fillers that terminals draw as nothing.
_INVISIBLE = (
    "[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180d\u3164\ufe00-\ufe0f\uffa0\U000e0100-\U000e01ef]"
)
_GAP = f"(?:{UNSEEN}|{_INVISIBLE})*"
_GAP_CHARS = re.compile(f"{UNSEEN}|{_INVISIBLE}")

_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|.)", re.DOTALL)
_SIMPLE_ESCAPES = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}

Redact = Callable[[str], str]


def _unescape(match: re.Match[str]) -> str:
    code = match.group(1)
    if len(code) == 5:
        return chr(int(code[1:], 16))
    return _SIMPLE_ESCAPES.get(code, code)


def mask(secret: str) -> str:
    """``abcd…wxyz`` for secrets of 16+ characters, otherwise just ``…``."""
    if len(secret) < MASK_MIN_LENGTH:
        return "…"
    return f"{secret[:4]}…{secret[-4:]}"


def mask_secret_runs(text: str) -> str:
    """``text`` with every run that could be a secret (16+ token or base64 characters) masked.

    For echoing user input back in an error: a credential pasted into the wrong field or
    argument must not be printed.
    """
    return _SECRET_RUN.sub(lambda m: mask(m.group()), text)


def _percent_decoded(match: re.Match[str]) -> str:
    return unquote(match.group(), errors="replace")


def normalize(text: str) -> str:
    """What a reader would see, with percent-escapes decoded: the form to look for secrets in.

    Hidden characters come out first (``sanitize``), so a secret split by zero-width spaces is
    whole again before it is looked for; ``%63%66%75%74…`` is read as the letters it spells.
    """
    text = sanitize(text)
    return _PERCENT.sub(_percent_decoded, text) if "%" in text else text


def encoded_forms(secret: str) -> tuple[str, ...]:
    """``secret`` as a backend or a server may quote it besides plainly: base64 (standard and
    URL-safe, padding dropped) and percent-encoded."""
    raw = secret.encode("utf-8", "replace")
    forms = {
        base64.b64encode(raw).decode().rstrip("="),
        base64.urlsafe_b64encode(raw).decode().rstrip("="),
        quote(secret, safe=""),
    }
    forms.discard(secret)
    return tuple(sorted(forms))


class Redactor:
    """Masks the given secrets wherever they appear, spelled plainly or with hidden gaps."""

    def __init__(self, secrets: Iterable[str]) -> None:
        kept = {s for s in secrets if len(s) >= _REDACT_MIN_LENGTH}
        kept |= {form for s in kept if len(s) >= MASK_MIN_LENGTH for form in encoded_forms(s)}
        self.secrets = tuple(sorted(kept, key=len, reverse=True))
        self._encoded = tuple(s.encode() for s in self.secrets)
        self._compiled: re.Pattern[str] | None = None

    @property
    def _pattern(self) -> re.Pattern[str]:
        """Every secret with a gap allowed between any two letters, compiled at first need.

        A 40-character token makes a pattern that takes milliseconds to compile, and every
        client builds a redactor; most texts never need the pattern (see ``__call__``).
        """
        if self._compiled is None:
            spelled = (_GAP.join(map(re.escape, s)) for s in self.secrets)
            self._compiled = re.compile("|".join(spelled))
        return self._compiled

    def __call__(self, text: str) -> str:
        """``text`` with every secret in it masked (``abcd…wxyz`` or ``…``)."""
        if not self.secrets:
            return text
        if text.isascii() and text.isprintable() and not any(s in text for s in self.secrets):
            # Every gap character is a control or non-ASCII: none can hide in printable ASCII,
            # so a secret could only be spelled plainly, and none is.
            return text
        return self._pattern.sub(lambda m: mask(_GAP_CHARS.sub("", m.group())), text)

    def finds_in(self, body: bytes) -> bool:
        """Whether a JSON ``body`` holds a secret, however spelled: plainly, with JSON escapes,
        or with hidden characters between its letters.

        One scan of the text instead of a walk over every string: a big account's body is
        walked (and copied) only when the scan finds something.
        """
        if not self.secrets:
            return False
        if body.isascii() and b"\\" not in body and b"\x7f" not in body:
            # Nothing could hide between the letters: only the plain spelling is possible.
            return any(s in body for s in self._encoded)
        text = body.decode("utf-8", "replace")
        if "\\" in text:  # a letter, or a hidden character, may be written as an escape
            text = _ESCAPE.sub(_unescape, text)
        return self._pattern.search(text) is not None

    def json(self, value: Any) -> Any:
        """A decoded JSON value with every string (keys included) redacted."""
        if isinstance(value, str):
            return self(value)
        if isinstance(value, dict):
            return {self(str(k)): self.json(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.json(v) for v in value]
        return value
