"""Manage saved profiles without leaving the TUI: switch, set the default, add, remove.

Every store call can fail (a corrupt ``config.json``, a locked keyring): shown here, the list
stays usable. Keyring calls run off the event loop, since a keyring may take seconds. With
``health``, a Health column: ``cftui status``'s verdict and expiry, "checking" until each
check lands (all at once, in a worker). Switching to a profile that will not work (rejected,
missing, locked) says why and asks first. Without a store (the demo) the list is ``fixed``.
"""

from __future__ import annotations

import asyncio
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from cftui.core.credentials.profiles import ProfileInfo, ProfileStore
from cftui.core.errors import CftuiError
from cftui.core.fleet.health import Health
from cftui.ui.fleet_health import FleetHealth
from cftui.ui.keys import key_for
from cftui.ui.save_check import SaveCheck
from cftui.ui.screens.confirm import ConfirmScreen
from cftui.ui.screens.login import LoginScreen
from cftui.ui.types import ClientFactory, LoginResult, Switch, UseDefault, UseProfile
from cftui.ui.widgets.footer import AppFooter
from cftui.ui.widgets.verdict import STOPPING, VERDICT_WIDTH, switch_question, verdict_cell
from cftui.ui.words import in_the_tui, remove_question

EMPTY_TEXT = "No profiles yet — press {key} to add one"
"""Said with the key of ``profiles.add``, as the bindings have it."""
KIND_LABELS = {"token": "API token", "global_key": "Global API key"}
READ_ONLY = "The demo's profiles are for show only: `cftui login` saves your own."


class ProfilesScreen(ModalScreen[Switch | None]):
    """The saved profiles; dismisses with whose data to show next, or ``None``."""

    DEFAULT_CSS = """
    ProfilesScreen { align: center middle; }
    ProfilesScreen > #profiles-dialog {
        width: 90; max-width: 100%; height: auto; max-height: 100%;
        border: round $primary; border-title-align: left;
        background: $surface; padding: 0 1;
    }
    ProfilesScreen #profiles-table { height: auto; max-height: 14; }
    ProfilesScreen #profiles-empty { color: $text-muted; padding: 1 0; }
    ProfilesScreen #profiles-error { color: $text-error; height: auto; }
    ProfilesScreen .-hidden { display: none; }
    ProfilesScreen.-health > #profiles-dialog { width: 116; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "switch",
            "Switch",
            priority=True,
            tooltip="switch to the selected profile",
            id="profiles.switch",
        ),
        Binding(
            "s",
            "set_default",
            "Set default",
            tooltip="make the selected profile the default",
            id="profiles.default",
        ),
        Binding("a", "add", "Add", tooltip="add a profile (log in)", id="profiles.add"),
        Binding(
            "x,delete",
            "remove",
            "Remove",
            key_display="x",
            tooltip="remove the selected profile and its secret (asks first)",
            id="profiles.remove",
        ),
        Binding("escape", "close", "Close", tooltip="close", id="profiles.close"),
        Binding("j", "move(1)", "Down", show=False, tooltip="next profile", id="profiles.down"),
        Binding("k", "move(-1)", "Up", show=False, tooltip="previous profile", id="profiles.up"),
    ]

    def __init__(
        self,
        store: ProfileStore | None,
        current: str | None,
        client_factory: ClientFactory,
        *,
        saving: SaveCheck | None = None,
        health: FleetHealth | None = None,
        fixed: tuple[ProfileInfo, ...] = (),
    ) -> None:
        super().__init__(classes="-health" if health is not None else "")
        self._store = store
        self._fixed = fixed
        self._fleet = health
        self.verdicts: dict[str, Health] = {}
        self._current = current
        self._client_factory = client_factory
        self._saving = saving or SaveCheck(store)  # the app's, so every login dialog agrees
        self._names: list[str] = []
        self._current_gone = False

    def compose(self) -> ComposeResult:
        with Vertical(id="profiles-dialog") as dialog:
            dialog.border_title = "Profiles"
            yield Static("", id="profiles-error", classes="-hidden")
            empty = EMPTY_TEXT.format(key=key_for(self, "profiles.add"))
            yield Static(empty, id="profiles-empty", classes="-hidden")
            table: DataTable[Text] = DataTable(id="profiles-table", cursor_type="row")
            table.add_column("Profile")
            if self._fleet is not None:  # next to the name: in sight at 80 columns
                table.add_column("Health", key="health", width=VERDICT_WIDTH)
            table.add_columns("Credential", "Email", "Default", "In use")
            yield table
        yield AppFooter()

    def on_mount(self) -> None:
        self.refresh_profiles(select=self._current)
        self.check_health()

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#profiles-table", DataTable)

    def _listed(self) -> list[ProfileInfo]:
        return list(self._fixed) if self._store is None else self._store.list_profiles()

    def _still_listed(self, name: str) -> bool:
        try:
            return name in (p.name for p in self._listed())
        except CftuiError:
            return True  # cannot tell: keep what is in use

    @property
    def selected(self) -> str | None:
        row = self.table.cursor_row
        return self._names[row] if 0 <= row < len(self._names) else None

    # -- showing ---------------------------------------------------------------------------

    def _show_error(self, exc: CftuiError | None) -> None:
        error = self.query_one("#profiles-error", Static)
        text = "" if exc is None else " ".join(p for p in (exc.message, exc.hint) if p)
        # "Run `cftui login --profile work`" is the add key here, not a command to quit for.
        add, demo = key_for(self, "profiles.add"), key_for(self, "app.demo")
        error.update(Text(in_the_tui(text, login_key=add, demo_key=demo)))
        error.set_class(exc is None, "-hidden")

    def refresh_profiles(self, select: str | None = None) -> None:
        """Re-read the index; keep the cursor on ``select`` or on the row it was on."""
        select = select or self.selected
        try:
            profiles = self._listed()
        except CftuiError as exc:
            self._show_error(exc)
            profiles, broken = [], True
        else:
            self._show_error(None)
            broken = False
        self._names = [p.name for p in profiles]
        table = self.table
        table.clear()
        for profile in profiles:
            table.add_row(*self._cells(profile), key=profile.name)
        self.query_one("#profiles-empty").set_class(bool(profiles) or broken, "-hidden")
        table.set_class(not profiles, "-hidden")
        if select in self._names:
            table.move_cursor(row=self._names.index(select))
        table.focus()

    def _cells(self, profile: ProfileInfo) -> tuple[Text, ...]:
        name = Text(profile.name)
        cells = (
            Text(KIND_LABELS.get(profile.kind, profile.kind)),
            Text(profile.email or ""),
            Text("✓ default" if profile.is_default else ""),
            Text("● current" if profile.name == self._current else ""),
        )
        if self._fleet is None:
            return (name, *cells)
        return (name, verdict_cell(self.verdicts.get(profile.name)), *cells)

    @work(exclusive=True, group="profiles-health", exit_on_error=False)
    async def check_health(self) -> None:
        """Every profile checked at once; each row's verdict drawn as its check lands."""
        if self._fleet is None:
            return
        try:
            async for name, health in self._fleet():
                self.verdicts[name] = health
                if name in self._names:
                    self.table.update_cell(name, "health", verdict_cell(health))
        except CftuiError:
            return  # the index cannot be read: the list says so already

    # -- actions ---------------------------------------------------------------------------

    def action_move(self, delta: int) -> None:
        if delta > 0:
            self.table.action_cursor_down()
        else:
            self.table.action_cursor_up()

    def action_switch(self) -> None:
        name = self.selected
        if name is None or self._writable() is None:
            return
        health = self.verdicts.get(name)
        if health is None or health.verdict not in STOPPING:
            self.dismiss(UseProfile(name))
            return
        question = ConfirmScreen(switch_question(name, health), yes_label="Switch", no_label="Stay")

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss(UseProfile(name))

        self.app.push_screen(question, answered)

    def action_close(self) -> None:
        gone = self._current if self._current_gone else None
        self.dismiss(UseDefault(gone) if gone is not None else None)

    def _writable(self) -> ProfileStore | None:
        """The store; ``None`` in the demo, whose profiles cannot be used or changed."""
        if self._store is None:
            self.notify(READ_ONLY, markup=False)
        return self._store

    def action_set_default(self) -> None:
        name = self.selected
        store = self._writable()
        if name is None or store is None:
            return
        try:
            store.set_default(name)
        except CftuiError as exc:
            self._show_error(exc)
            return
        self.refresh_profiles(select=name)
        self.notify(f"Profile '{name}' is now the default.", markup=False)

    def action_add(self) -> None:
        if self._writable() is None:
            return
        suggested = "" if "default" in self._names else "default"
        login = LoginScreen(
            self._store, self._client_factory, default_name=suggested, saving=self._saving
        )
        self.app.push_screen(login, self._added)

    def _added(self, result: LoginResult | None) -> None:
        if result is None:
            return
        if result.saved:
            self.refresh_profiles(select=result.profile)
            self.check_health()  # the new profile's verdict, and the others' again
            return
        # Verified but not saved (the keyring failed): the app uses it for this session.
        self.dismiss(result.switch)

    def action_remove(self) -> None:
        name = self.selected
        store = self._writable()
        if name is None or store is None:
            return
        question = ConfirmScreen(remove_question(name), yes_label="Remove", no_label="Keep")

        def answered(yes: bool | None) -> None:
            if yes:
                self._remove(name)

        self.app.push_screen(question, answered)

    @work(exclusive=True, group="profiles-remove", exit_on_error=False)
    async def _remove(self, name: str) -> None:
        assert self._store is not None  # action_remove asked _writable
        try:
            await asyncio.to_thread(self._store.remove, name)
        except CftuiError as exc:
            self._show_error(exc)  # it says where things stand: stays until closed
            if name == self._current and not self._still_listed(name):
                self._current_gone = True  # out of the index, its secret maybe not
            return
        if name == self._current:
            # Its secret is gone: the app must not go on using it, not even for `r`.
            self.notify(f"Removed profile '{name}', which was in use.", markup=False)
            self.dismiss(UseDefault(name))
            return
        self.refresh_profiles(select=self._current)
        self.notify(f"Removed profile '{name}'.", markup=False)
