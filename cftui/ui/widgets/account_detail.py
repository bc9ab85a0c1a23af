"""One account, in panels: who it is and where each fact came from, what the permission grid
allows (resource × read / write, ✓/✗ with words), and its policies once they have come.

Every string here came from the API (names, roles, resources, policy and scope keys): it is
shown as plain ``Text``, cut to a sane length, and each list is bounded, saying how many more
there are (the raw JSON view, ``v``, has them all).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.reactive import reactive
from textual.widgets import Static

from cftui.core.accounts.rows import FROM_BOTH, FROM_MEMBERSHIPS, FROM_USER, AccountRow, Cell
from cftui.core.accounts.scopes import access_word, policy_scopes
from cftui.core.models.membership import Policy
from cftui.core.problems import SectionProblem
from cftui.core.text import shorten
from cftui.ui.widgets.facts import MISSING, Fact, FactsPanel
from cftui.ui.widgets.scrolling_list import ScrollingList

TEXT_LIMIT = 120
MAX_RESOURCES = 200
MAX_POLICIES = 100
MAX_GROUPS = 30
MAX_ROLES_SHOWN = 10  # in the summary: the grid and the policies need the room
MAX_SCOPES = 30
RESOURCE_WIDTH = 22
USER_ONLY_MARK = "*"
DISAGREES_MARK = "≠"
LEGEND = (
    (USER_ONLY_MARK, f"{USER_ONLY_MARK} only in /user organizations"),
    (DISAGREES_MARK, f"{DISAGREES_MARK} the sources disagree (memberships shown)"),
)
LONG_ID = re.compile(r"\b([0-9a-f]{6})[0-9a-f]{22}([0-9a-f]{4})\b")
"""A 32-hex id (a zone's, an account's): in a narrow panel its ends tell it apart."""
SOURCE_WORDS = {
    FROM_MEMBERSHIPS: "memberships",
    FROM_USER: "/user organizations",
    FROM_BOTH: "memberships and /user organizations",
}


def more(count: int, what: str) -> Text:
    return Text(f"… and {count:,} more {what}", style="italic")


def grant_words(cell: Cell) -> str:
    """What a resource's grant means: ``read and write``, ``read only``, ``no access``."""
    if cell.read is None and cell.write is None:
        return "not stated"
    if cell.read and cell.write:
        return "read and write"
    if cell.write:
        return "write only"
    if cell.read:
        return "read only"
    return "no access"


def _mark(value: bool | None, what: str, good: str, bad: str) -> Text:
    if value is None:
        return Text(f"? {what}")
    return Text(f"{'✓' if value else '✗'} {what}", style=good if value else bad)


def grid_table(
    cells: Sequence[Cell], *, words: bool, good: str = "", bad: str = ""
) -> RenderableType | None:
    """The resource × read / write grid; ``words`` adds a column saying it in a sentence."""
    if not cells:
        return None
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True, overflow="ellipsis", max_width=RESOURCE_WIDTH, style="bold")
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    if words:
        table.add_column(no_wrap=True, overflow="ellipsis")
    marks: set[str] = set()
    for cell in cells[:MAX_RESOURCES]:
        label = shorten(cell.label, TEXT_LIMIT)
        flags = (USER_ONLY_MARK if cell.source == FROM_USER else "") + (
            DISAGREES_MARK if cell.disagrees else ""
        )
        marks.update(flags)
        row = [
            Text(f"{label} {flags}" if flags else label),
            _mark(cell.read, "read", good, bad),
            _mark(cell.write, "write", good, bad),
        ]
        if words:
            row.append(Text(grant_words(cell)))
        table.add_row(*row)
    parts: list[RenderableType] = [table]
    if len(cells) > MAX_RESOURCES:
        parts.append(more(len(cells) - MAX_RESOURCES, "resources"))
    legend = [text for mark, text in LEGEND if mark in marks]  # only marks a row carries
    if legend:
        parts.append(Text("   ".join(legend), style="italic dim"))
    return Group(*parts)


def policies_view(
    policies: Sequence[Policy],
    names: Mapping[str, str],
    good: str = "",
    bad: str = "",
    *,
    short_ids: bool = False,
) -> RenderableType:
    """Each policy's access and permission groups, then where it applies, one line each
    (wrapped lines stay indented under their place); ``short_ids`` cuts 32-hex ids short."""
    parts: list[RenderableType] = []
    for n, policy in enumerate(policies[:MAX_POLICIES]):
        allow = policy.access == "allow"
        deny = policy.access == "deny"
        mark = "✓ " if allow else ("✗ " if deny else "? ")
        if n:
            parts.append(Text(""))
        groups = [shorten(g.display_name, TEXT_LIMIT) for g in policy.permission_groups]
        shown = ", ".join(groups[:MAX_GROUPS]) or "(no permission groups)"
        if len(groups) > MAX_GROUPS:
            shown += f" … and {len(groups) - MAX_GROUPS:,} more"
        # The groups in a column of their own: a wrapped line starts under the first group,
        # not under the mark at the panel's edge.
        head = Table.grid(padding=(0, 1))
        head.add_column(no_wrap=True)
        head.add_column(ratio=1)
        word = Text(mark + shorten(access_word(policy), 40) + ":", style=good if allow else bad)
        head.add_row(word, Text(shown, style="bold"))
        parts.append(head)
        scopes = policy_scopes(policy, names)
        places = Table.grid(padding=(0, 1))
        places.add_column(width=4, justify="right", style="dim")
        places.add_column(ratio=1, overflow="fold")
        for line in scopes[:MAX_SCOPES]:
            if short_ids:
                line = LONG_ID.sub(r"\1…\2", line)
            places.add_row("on", Text(shorten(line, TEXT_LIMIT)))
        if len(scopes) > MAX_SCOPES:
            places.add_row("", more(len(scopes) - MAX_SCOPES, "places"))
        if scopes:
            parts.append(places)
    if len(policies) > MAX_POLICIES:
        parts.append(more(len(policies) - MAX_POLICIES, "policies"))
    return Group(*parts)


def problem_text(problem: SectionProblem, bad: str = "") -> Text:
    text = Text(problem.message, style=bad, end="")
    text.append("\n")
    text.append(problem.hint, style="italic")
    return text


class AccountSummary(FactsPanel):
    BORDER_TITLE = "Account"
    WRAP = frozenset({"Roles", "Sources"})

    row: reactive[AccountRow | None] = reactive(None, layout=True, always_update=True)
    gone: reactive[bool] = reactive(False)

    def _from(self, value: str, source: str | None) -> Text:
        text = Text(value)
        if source is not None:
            text.append(" ")
            text.append(f"(from {SOURCE_WORDS.get(source, source)})", style="dim italic")
        return text

    def facts(self) -> list[Fact] | None:
        row = self.row
        if row is None:
            return None
        roles = ", ".join(shorten(r, TEXT_LIMIT) for r in row.roles[:MAX_ROLES_SHOWN])
        if len(row.roles) > MAX_ROLES_SHOWN:
            roles += f" … and {len(row.roles) - MAX_ROLES_SHOWN:,} more"
        sources = " · ".join(
            f"{SOURCE_WORDS.get(source, source)}: {said}" for source, said in row.facts()
        )
        facts: list[Fact] = [
            ("Name", Text(shorten(row.name, TEXT_LIMIT), style="bold")),
            ("ID", Text(row.account_id) if row.account_id else self.missing("not given")),
            ("Status", self._from(shorten(row.status, TEXT_LIMIT), row.status_source)),
            ("Roles", self._from(roles, row.roles_source) if roles else self.missing("none")),
            ("Access", Text(row.summary)),
            ("Sources", Text(sources)),
        ]
        if self.gone:
            facts.append(("Note", self.styled("no longer in the latest answers", MISSING)))
        return facts


class GridPanel(ScrollingList):
    """Resource × read / write; a sentence per resource where there is room."""

    BORDER_TITLE = "Permissions"
    COMPONENT_CLASSES: ClassVar[set[str]] = {"grid--good", "grid--bad"}
    DEFAULT_CSS = """
    GridPanel {
        & > .grid--good { color: $text-success; }
        & > .grid--bad { color: $text-error; }
    }
    """
    WORDS_FROM = 48
    """Inner width from which the grid also says each grant in words."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._cells: tuple[Cell, ...] | None = None

    @property
    def cells(self) -> tuple[Cell, ...] | None:
        """What the grid shows (None before the first ``show_grid``)."""
        return self._cells

    def compose(self) -> ComposeResult:
        yield Static(id="grid-body")

    def show_grid(self, cells: tuple[Cell, ...]) -> None:
        self._cells = cells
        good = str(self.get_component_rich_style("grid--good", partial=True))
        bad = str(self.get_component_rich_style("grid--bad", partial=True))
        words = self.scrollable_content_region.width >= self.WORDS_FROM
        self.show(grid_table(cells, words=words, good=good, bad=bad), "No permissions listed")
        self.border_subtitle = f"{len(cells):,} resources" if cells else None

    def on_resize(self) -> None:
        if self._cells is not None:
            self.show_grid(self._cells)


class PolicyPanel(ScrollingList):
    """The policies of ``GET /memberships/{id}``: loading, failed, or each one in words."""

    BORDER_TITLE = "Policies"
    COMPONENT_CLASSES: ClassVar[set[str]] = {"policy--allow", "policy--deny"}
    DEFAULT_CSS = """
    PolicyPanel {
        & > .policy--allow { color: $text-success; }
        & > .policy--deny { color: $text-error; }
    }
    """

    SHORT_IDS_BELOW = 60
    """Inner width under which 32-hex ids are cut to their first and last digits."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._last: tuple[AccountRow, bool, SectionProblem | None, Mapping[str, str]] | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="policy-body")

    def on_resize(self) -> None:
        if self._last is not None:
            row, loading, problem, names = self._last
            self.show_policies(row, loading=loading, problem=problem, names=names)

    def _styles(self) -> tuple[str, str]:
        good = str(self.get_component_rich_style("policy--allow", partial=True))
        bad = str(self.get_component_rich_style("policy--deny", partial=True))
        return good, bad

    def show_policies(
        self,
        row: AccountRow,
        *,
        loading: bool,
        problem: SectionProblem | None,
        names: Mapping[str, str],
    ) -> None:
        self._last = (row, loading, problem, names)
        good, bad = self._styles()
        policies = row.policies
        self.border_subtitle = None
        if row.membership is None or not row.membership.id:
            self.show(None, "Policies come with a membership; /user lists this account only.")
        elif problem is not None:
            self.border_subtitle = problem.title
            self.show(problem_text(problem, bad), "")
        elif policies is None:
            self.show(None, "Loading policies…" if loading else "Policies not loaded.")
        elif not policies:
            self.show(None, "No policies")
        else:
            self.border_subtitle = f"{len(policies):,} polic{'y' if len(policies) == 1 else 'ies'}"
            short = self.scrollable_content_region.width < self.SHORT_IDS_BELOW
            self.show(policies_view(policies, names, good, bad, short_ids=short), "")
