"""sanitize() is the only thing between API text and the user's terminal."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from cftui.core.text import sanitize, sanitize_json, shorten

UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
# Characters that end a line (str.splitlines) or tab: they become a space rather than vanish.
BREAKS = frozenset("\t\n\x0b\x0c\r\x1c\x1d\x1e\x85\u2028\u2029")


def _all_code_points_by_safety() -> tuple[str, str]:
    unsafe: list[str] = []
    safe: list[str] = []
    for cp in range(sys.maxunicode + 1):
        ch = chr(cp)
        category = unicodedata.category(ch)
        if category in UNSAFE_CATEGORIES:
            if ch not in BREAKS:
                unsafe.append(ch)
        elif category != "Cn":  # unassigned here may be assigned format characters later
            safe.append(ch)
    return "".join(unsafe), "".join(safe)


UNSAFE_TEXT, SAFE_TEXT = _all_code_points_by_safety()


def test_every_unsafe_code_point_is_removed() -> None:
    assert len(UNSAFE_TEXT) > 2000  # includes all 2048 surrogates
    leftovers = sanitize(UNSAFE_TEXT)
    assert leftovers == "", [f"U+{ord(c):04X}" for c in leftovers]


def test_every_unsafe_code_point_is_removed_one_at_a_time_between_letters() -> None:
    # The regex is a character class with ranges: an off-by-one would only show at an edge.
    for ch in UNSAFE_TEXT:
        assert sanitize(f"a{ch}b") == "ab", f"U+{ord(ch):04X}"


def test_no_assigned_safe_code_point_is_touched() -> None:
    assert sanitize(SAFE_TEXT) == SAFE_TEXT


@pytest.mark.parametrize("brk", sorted(BREAKS))
def test_tabs_and_line_breaks_become_a_space(brk: str) -> None:
    assert unicodedata.category(brk) in UNSAFE_CATEGORIES
    assert sanitize(f"first{brk}second") == "first second"


def test_a_run_of_line_breaks_becomes_one_space() -> None:
    assert sanitize("a\r\n\r\nb\t\tc") == "a b c"


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("\x1b[31mred\x1b[0m", "[31mred[0m"),  # ESC gone: the terminal sees no CSI
        ("\x1b]0;pwned\x07title", "]0;pwnedtitle"),  # OSC set-title, BEL-terminated
        (
            "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\",
            "]8;;https://evil.example\\link]8;;\\",
        ),
        ("\x9b31mC1 CSI", "31mC1 CSI"),  # the 8-bit CSI is Cc too
        ("admin\u202egnp.exe", "admingnp.exe"),  # right-to-left override
        ("\u2066isolate\u2069", "isolate"),
        ("pay\u200bpal", "paypal"),  # zero-width space
        ("zw\u200djoin\u200cer", "zwjoiner"),
        ("\ufeffbom", "bom"),
        ("nul\x00byte", "nulbyte"),
        ("del\x7f", "del"),
        ("soft\xadhyphen", "softhyphen"),
        ("lone \ud800 surrogate", "lone  surrogate"),
        ("tag\U000e0041\U000e007f", "tag"),
    ],
)
def test_hostile_sequences_are_defused(dirty: str, clean: str) -> None:
    assert sanitize(dirty) == clean


@pytest.mark.parametrize(
    "text",
    [
        "",
        "John Appleseed",
        "Cloudflare, Inc.",
        "[bold red]not markup[/]",  # markup is the UI's job: kept literally
        "[link=https://x]x[/link]",
        "Zoë Ångström-Ñúñez",
        "שלום עולם",  # Hebrew
        "مرحبا بالعالم",  # Arabic
        "日本語のテキスト",
        "한국어",
        "🚀 rocket 👍🏽 thumbs 🇩🇪 flag",
        "👨\u200d👩\u200d👧",  # ZWJ sequences lose the joiner (it is Cf) ...
        "a\u00a0b",  # no-break space is Zs, kept
        "+1 123-123-1234",
    ],
)
def test_ordinary_text_is_kept(text: str) -> None:
    expected = text.replace("\u200d", "")  # ... which is the price of removing all Cf
    assert sanitize(text) == expected


def test_sanitize_is_idempotent_on_mixed_text() -> None:
    text = "\x1b[1m日本\u202e\r\n[b]x[/b]\ud83d"
    once = sanitize(text)
    assert sanitize(once) == once


def test_sanitize_json_recurses_into_keys_and_values() -> None:
    value = {
        "na\x1bme": "Ev\u202eil",
        "list": ["a\x00", {"in\u200bner": ["\x07deep"]}],
        "n": 1,
        "f": 1.5,
        "b": True,
        "none": None,
    }
    assert sanitize_json(value) == {
        "name": "Evil",
        "list": ["a", {"inner": ["deep"]}],
        "n": 1,
        "f": 1.5,
        "b": True,
        "none": None,
    }


def test_sanitize_json_leaves_scalars_alone() -> None:
    for scalar in (None, True, False, 0, -7, 2.5):
        assert sanitize_json(scalar) is scalar
    assert sanitize_json("\x1bx") == "x"


def test_sanitize_json_does_not_mutate_its_input() -> None:
    value = {"k\x00": ["v\x00"]}
    sanitize_json(value)
    assert value == {"k\x00": ["v\x00"]}


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("hello", 10, "hello"),
        ("hello", 5, "hello"),
        ("hello", 4, "hel…"),
        ("hello", 2, "h…"),
        ("hello", 1, "…"),
        ("hello", 0, ""),
        ("hello", -3, ""),
        ("", 0, ""),
        ("日本語テキスト", 4, "日本語…"),
    ],
)
def test_shorten(text: str, limit: int, expected: str) -> None:
    assert shorten(text, limit) == expected


@pytest.mark.parametrize("limit", range(-2, 12))
def test_shorten_never_exceeds_the_limit(limit: int) -> None:
    out = shorten("a fairly long organization name", limit)
    assert len(out) <= max(limit, 0)
