"""The redactor: a secret is masked however it is spelled, and nothing else is touched."""

from __future__ import annotations

import base64
import json
from typing import Any
from urllib.parse import quote

import pytest

from cftui.core.credentials.keystore import redact
from cftui.core.redact import Redactor, mask, normalize
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


def _stored(secret: str) -> str:
    return json.dumps({"type": "token", "token": secret})


@pytest.mark.parametrize(
    "disguise",
    [
        lambda v: "\u200b".join(v),
        lambda v: "\u2060".join(v),
        lambda v: "".join(f"%{b:02X}" for b in v.encode()),
        lambda v: quote(v, safe=""),
        lambda v: base64.b64encode(v.encode()).decode(),
        lambda v: base64.urlsafe_b64encode(v.encode()).decode().rstrip("="),
    ],
    ids=["zero-width", "word-joiner", "percent-all", "percent-some", "base64", "base64url"],
)
def test_an_error_quoting_an_unknown_secret_in_disguise_shows_none_of_it(disguise: Any) -> None:
    """A keyring's read error may quote the stored value, hidden or encoded; on a read cftui
    does not know the secret, so what is shown must reveal none of it once a terminal has
    dropped the hidden characters (and a reader has decoded the escapes)."""
    quoted = disguise(_stored(SECRET))
    shown = redact(f"cannot decode item {quoted}")
    assert "cannot decode item" in shown
    seen = normalize(shown)
    assert SECRET[:8] not in seen and SECRET[-8:] not in seen
    assert quoted[4:-4] not in shown
    for token in seen.split():
        padded = token + "=" * (-len(token) % 4)
        try:
            decoded = base64.b64decode(padded, altchars=b"-_", validate=False)
        except ValueError:
            continue
        assert SECRET[:8].encode() not in decoded


@pytest.mark.parametrize(
    "form",
    [
        base64.b64encode(SECRET.encode()).decode(),
        base64.urlsafe_b64encode(SECRET.encode()).decode().rstrip("="),
        quote(SECRET, safe=""),
        "".join(f"%{b:02x}" for b in SECRET.encode()),
    ],
    ids=["base64", "base64url", "percent", "percent-all"],
)
def test_a_known_secret_is_masked_in_its_encoded_forms(form: str) -> None:
    shown = Redactor([SECRET])(normalize(f"echo: {form} ."))
    assert SECRET[:8] not in shown and form[4:-4] not in shown
    assert shown.startswith("echo: ") and shown.endswith(" .")
