"""One organization: who it is, the user's roles in it, and its permissions by resource.

A refresh while this screen is open updates it in place (matched by id), so what it shows is
never older than the main screen underneath.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Vertical
from textual.reactive import reactive
from textual.screen import Screen

from cftui.core.models import Organization
from cftui.ui.keys import PANEL_BINDINGS
from cftui.ui.screens.copy_id import copy_id
from cftui.ui.state import FetchState, Identity
from cftui.ui.widgets.facts import MISSING, Fact, FactsPanel
from cftui.ui.widgets.footer import AppFooter
from cftui.ui.widgets.header import AppHeader
from cftui.ui.widgets.permissions import PermissionList, RoleList
from cftui.ui.widgets.status_bar import StatusBar


class OrganizationSummary(FactsPanel):
    BORDER_TITLE = "Organization"

    organization: reactive[Organization | None] = reactive(None, layout=True, always_update=True)
    gone: reactive[bool] = reactive(False)

    def facts(self) -> list[Fact] | None:
        org = self.organization
        if org is None:
            return None
        status = Text(org.status) if org.status else self.missing("unknown")
        facts: list[Fact] = [
            ("Name", Text(org.display_name, style="bold")),
            ("ID", Text(org.id) if org.id else self.missing()),
            ("Status", status),
        ]
        if self.gone:
            facts.append(("Note", self.styled("no longer in the latest response", MISSING)))
        return facts


class OrganizationScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="back to the main screen", id="org.back"),
        Binding(
            "c",
            "copy_id",
            "Copy id",
            tooltip="copy the organization's id to the clipboard",
            id="org.copy_id",
        ),
        *PANEL_BINDINGS,
    ]

    def __init__(self, organization: Organization, clock: Callable[[], float]) -> None:
        super().__init__()
        self.organization = organization
        self._clock = clock

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Vertical(id="org-body"):
            yield OrganizationSummary(id="org-summary")
            with Container(id="org-lists"):
                yield RoleList(id="roles")
                yield PermissionList(id="permissions")
        yield StatusBar(self._clock, id="org-status")
        yield AppFooter(compact=True)

    def on_mount(self) -> None:
        self._show(self.organization, gone=False)
        self.watch(self.app, "identity", self._show_identity)
        self.watch(self.app, "state", self._show_state)
        self.query_one(PermissionList).focus()

    def _show_identity(self, identity: Identity) -> None:
        self.query_one(AppHeader).identity = identity

    def _show_state(self, state: FetchState) -> None:
        self.query_one(StatusBar).state = state
        if state.response is None or state.loading:
            return
        fresh = next(
            (o for o in state.response.user.organizations if o.id == self.organization.id),
            None,
        )
        if fresh is None:
            self._show(self.organization, gone=True)
        elif fresh is not self.organization:
            self._show(fresh, gone=False)

    def _show(self, org: Organization, *, gone: bool) -> None:
        self.organization = org
        summary = self.query_one(OrganizationSummary)
        summary.gone = gone
        summary.organization = org
        self.query_one(RoleList).show_roles(org)
        self.query_one(PermissionList).show_permissions(org)

    def action_back(self) -> None:
        self.dismiss()

    def action_copy_id(self) -> None:
        org = self.organization
        if org.id:
            copy_id(self, "organization", org.id, org.display_name)
        else:
            self.notify("This organization has no id.", severity="warning")
