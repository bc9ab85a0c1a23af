"""Make untrusted text safe to show in a terminal.

Everything the API sends is untrusted: a name may carry ANSI/OSC escapes (which a terminal
would execute), bidi overrides (which reorder what the user reads), zero-width characters
(which hide what is there) or lone surrogates (which crash an encoder). ``sanitize`` drops
all of Unicode's Cc, Cf, Cs, Zl and Zp characters; tabs and line breaks become spaces.
Rich markup is not touched here: the UI renders API text as plain ``Text``, never as markup.
"""

from __future__ import annotations

import re
from typing import Any

# Every code point in the general categories Cc, Cf, Cs, Zl, Zp (Unicode 15), written out
# so that import stays fast; a test checks this list against ``unicodedata``.
_UNSAFE_CHARS = (
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\xad"
    "\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f"
    "\ud800-\udfff\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
_UNSAFE = re.compile(f"[{_UNSAFE_CHARS}]+")
# Every character ``str.splitlines`` breaks on, plus tab: a name split over two lines must not
# come out glued into one word.
_BREAK_CHARS = "\t\n\x0b\x0c\r\x1c-\x1e\x85\u2028\u2029"
_BREAKS = re.compile(f"[{_BREAK_CHARS}]+")
# One character that ``sanitize`` removes or turns into a space: what a reader never sees.
UNSEEN = f"[{_UNSAFE_CHARS}{_BREAK_CHARS}]"


def sanitize(text: str) -> str:
    """Return ``text`` with every control, format and separator character removed."""
    if text.isascii() and text.isprintable():
        return text
    return _UNSAFE.sub("", _BREAKS.sub(" ", text))


def sanitize_json(value: Any) -> Any:
    """Sanitize every string (keys included) inside a decoded JSON value."""
    if isinstance(value, str):
        return sanitize(value)
    if isinstance(value, dict):
        return {sanitize(str(k)): sanitize_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [sanitize_json(v) for v in value]
    return value


def shorten(text: str, limit: int) -> str:
    """Cut ``text`` to at most ``limit`` characters, marking the cut with an ellipsis."""
    if len(text) <= limit:
        return text
    if limit <= 0:
        return ""
    return text[: limit - 1] + "…"
