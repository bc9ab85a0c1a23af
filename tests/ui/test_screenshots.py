"""The README's screenshots are the app's own output: ``screenshots/generate.py`` imports and
runs against today's app, and the stored picture of a refused token says what the app says.

The generator once fell behind the app (an import that no longer existed) and a stored
picture once showed a message the app never printed; this redraws one picture through the
generator and compares its words with the stored one's.
"""

from __future__ import annotations

import asyncio
import html
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

from tests.support.fixed_clock import REPO

SCREENSHOTS = REPO / "screenshots"
README = REPO / "README.md"
_TEXT = re.compile(r'<text[^>]*\by="([\d.]+)"[^>]*>(.*?)</text>', re.S)


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "screenshots_generate", SCREENSHOTS / "generate.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def words(svg: Path) -> list[str]:
    """The picture's text, one string per terminal row, trailing blanks dropped."""
    rows: dict[float, str] = {}
    for y, text in _TEXT.findall(svg.read_text("utf-8")):
        rows[float(y)] = rows.get(float(y), "") + html.unescape(text).replace("\xa0", " ")
    return [line.rstrip() for _, line in sorted(rows.items()) if line.strip()]


def test_every_picture_the_readme_shows_is_one_the_generator_draws() -> None:
    generate = _generator()
    shown = set(re.findall(r"\]\(screenshots/([\w-]+)\.svg\)", README.read_text("utf-8")))
    assert shown and shown <= {shot.name for shot in generate.SHOTS}
    assert all((SCREENSHOTS / f"{name}.svg").is_file() for name in shown)


def test_the_refused_token_picture_says_what_the_app_says(tmp_path: Path) -> None:
    generate = _generator()
    (drawn,) = asyncio.run(generate.generate(tmp_path, ["error-auth-rejected"]))
    fresh = words(drawn)
    assert any("Credentials rejected" in line for line in fresh), fresh
    assert any("(code 9109)" in line for line in fresh), fresh  # the fake API's refusal
    stored = words(SCREENSHOTS / "error-auth-rejected.svg")
    assert stored == fresh, "redraw it: python screenshots/generate.py error-auth-rejected"
