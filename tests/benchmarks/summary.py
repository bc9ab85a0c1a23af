"""Every target of the run in one table at the top of RESULTS.md, met or not.

Sections record each target as they judge it (``record``) and may say what remains of a miss
and whose it is (``explain``); ``render`` makes the table, in the order targets were judged.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Row:
    label: str
    measured: str
    met: bool | None  # None: a figure the issue asks to report, with no limit to meet
    section: str = ""
    note: str = ""


ROWS: list[Row] = []
_section = [""]


def begin(section: str) -> None:
    """Targets recorded from now on belong to ``section`` (a heading of RESULTS.md)."""
    _section[0] = section


def record(label: str, measured: str, met: bool | None) -> Row:
    row = Row(label, measured, met, _section[0])
    ROWS.append(row)
    return row


def explain(label: str, note: str) -> None:
    """Attach ``note`` to the target ``label`` (the last one recorded with that label)."""
    for row in reversed(ROWS):
        if row.label == label:
            row.note = note
            return
    raise KeyError(label)


def mark(met: bool | None) -> str:
    return "—" if met is None else ("✓" if met else "✗")


def render(rows: list[Row]) -> list[str]:
    judged = [r for r in rows if r.met is not None]
    met = sum(bool(r.met) for r in judged)
    lines = [
        "## Every target",
        "",
        f"{met} of {len(judged)} met (— is a figure reported, with no limit). Each row is "
        "judged in its section below, from the same run; a missed target says what remains "
        "and whose it is.",
        "",
        "| target | measured | met | section |",
        "|---|---:|:---:|---|",
    ]
    lines += [f"| {r.label} | {r.measured} | {mark(r.met)} | {r.section} |" for r in rows]
    notes = [r for r in rows if r.note]
    if notes:
        lines += ["", "Where a target is missed:", ""]
        lines += [f"- **{r.label}** ({r.measured}): {r.note}" for r in notes]
    return [*lines, ""]
