"""The redactor: a secret is masked however it is spelled, and nothing else is touched."""

from __future__ import annotations

import pytest

from cftui.core.redact import Redactor, mask
from cftui.core.text import sanitize

SECRET = "cfut_Rd7Qm2Vb9Rz4Tk8Wn3Hy6Pd1Sg5Jc0Fa2Ue7Yo"
OTHER = "0123456789abcdef0123456789abcdef01234"


@pytest.mark.parametrize("code", range(128))
def test_each_ascii_character_between_the_letters_hides_the_secret_only_if_unseen(
    code: int,
) -> None:
    """Printable ASCII can only spell a secret plainly; a control character between its
    letters (which a terminal shows as nothing) must still be found."""
    ch = chr(code)
    text = f"name {SECRET[:6]}{ch}{SECRET[6:]} end"
    shown = Redactor([SECRET])(text)
    if sanitize(ch) != ch:  # removed or turned into a space: the reader never sees it
        assert shown == f"name {mask(SECRET)} end"
    else:
        assert shown == text


@pytest.mark.parametrize(
    "text",
    [
        f"plain {SECRET} here",
        f"{SECRET}",
        f"two {SECRET} and {SECRET}",
        f"non-ASCII around it: é {SECRET} ü",
        f"a tab\tand {SECRET}",
        f"gapped {SECRET[:3]}\u200b{SECRET[3:]} in non-ASCII text",
        f"both {OTHER} and {SECRET}",
    ],
)
def test_a_secret_is_masked_in_any_text(text: str) -> None:
    shown = Redactor([SECRET, OTHER])(text)
    assert SECRET[4:-4] not in shown
    assert OTHER[4:-4] not in shown
    assert mask(SECRET) in shown


@pytest.mark.parametrize(
    "text", ["", "Ada Lovelace", "é ü \u200b \t", SECRET[:-1], SECRET[1:], SECRET.upper()]
)
def test_text_without_a_secret_is_returned_as_it_is(text: str) -> None:
    assert Redactor([SECRET])(text) == text


def test_without_secrets_nothing_is_masked_or_found() -> None:
    redactor = Redactor(["abc"])  # too short to be told from ordinary words
    assert redactor("abc abcd") == "abc abcd"
    assert not redactor.finds_in(b'{"a": "abc"}')


def test_finds_in_sees_a_secret_behind_an_escape_after_a_clean_call() -> None:
    """The pattern is built when first needed, whichever method needs it first."""
    redactor = Redactor([SECRET])
    assert redactor("clean") == "clean"
    assert redactor.finds_in(('{"a": "' + SECRET[:5] + "\\u200b" + SECRET[5:] + '"}').encode())
    assert not redactor.finds_in(b'{"a": "clean \\u00e9"}')
