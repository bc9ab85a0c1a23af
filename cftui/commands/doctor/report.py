"""``cftui doctor``'s output: one line a check with ✓ / ✗ / !, the next step under it.

A terminal that cannot show ✓ and ✗ (a non-UTF-8 locale, an old serial console) gets
``ok`` / ``FAIL`` / ``warn`` instead: the mark is the point of the line, and a ``?`` in its
place would hide it. Lines are wrapped at 80 columns with the text under the text, so the
output reads the same over SSH at 80x24 and in a log.
"""

from __future__ import annotations

import sys
import textwrap
from typing import Any

from cftui.commands.doctor.checks import Check, Diagnosis
from cftui.commands.output import dumps

WIDTH = 80
NAME_WIDTH = 16
_MARKS = {"ok": "✓", "fail": "✗", "warn": "!", "info": " "}
_ASCII_MARKS = {"ok": "ok", "fail": "FAIL", "warn": "warn", "info": ""}
_UNICODE = "✓✗…→"


def _unicode_ok(encoding: str | None) -> bool:
    try:
        _UNICODE.encode(encoding or "ascii")
    except (LookupError, UnicodeEncodeError):
        return False
    return True


def _line(check: Check, unicode: bool) -> list[str]:
    marks = _MARKS if unicode else _ASCII_MARKS
    mark_width = 1 if unicode else 4
    mark = marks[check.state].ljust(mark_width)
    head = f"{mark} {check.name:<{NAME_WIDTH}} "
    indent = " " * len(head)
    summary = check.summary if unicode else _ascii(check.summary)
    lines = textwrap.wrap(
        summary,
        WIDTH,
        initial_indent=head,
        subsequent_indent=indent,
        break_on_hyphens=False,
        break_long_words=False,  # a path or a URL stays whole, to be copied
    ) or [head.rstrip()]
    if check.next_step:
        arrow = "→ " if unicode else "-> "
        step = check.next_step if unicode else _ascii(check.next_step)
        for paragraph in step.splitlines():
            hang = "  " if paragraph.startswith("- ") else ""  # a list item's text lines up
            lines += textwrap.wrap(
                paragraph,
                WIDTH,
                initial_indent=indent + arrow,
                subsequent_indent=indent + " " * len(arrow) + hang,
                break_on_hyphens=False,
                break_long_words=False,
            )
            arrow = " " * len(arrow)
    return lines


def _ascii(text: str) -> str:
    return (
        text.replace("\u00a0", " ")
        .replace("…", "...")
        .replace("→", "->")
        .replace("✓", "yes")
        .replace("✗", "no")
    )


def render_text(diagnosis: Diagnosis, encoding: str | None = None) -> str:
    unicode = _unicode_ok(encoding if encoding is not None else sys.stdout.encoding)
    lines = [line for check in diagnosis.checks for line in _line(check, unicode)]
    failed = [c for c in diagnosis.checks if c.state == "fail"]
    if failed:
        first = failed[0]
        lines.append(
            f"{len(failed)} check{'s' if len(failed) > 1 else ''} failed; exit "
            f"{diagnosis.exit_code} ({first.name})."
        )
    elif warned := [c for c in diagnosis.checks if c.state == "warn"]:
        mark = _MARKS["warn"] if unicode else _ASCII_MARKS["warn"]
        plural = "s" if len(warned) > 1 else ""
        lines.append(f"cftui works, with {len(warned)} warning{plural} ({mark} above); exit 0.")
    else:
        lines.append("Everything cftui needs works.")
    return "\n".join(lines)


def render_json(diagnosis: Diagnosis) -> str:
    doc: dict[str, Any] = {
        "schema": 1,
        "exit_code": diagnosis.exit_code,
        "checks": [
            {
                "name": c.name,
                "state": c.state,
                "summary": c.summary,
                "next_step": c.next_step,
                "exit_code": c.exit_code,
            }
            for c in diagnosis.checks
        ],
    }
    return dumps(doc)
