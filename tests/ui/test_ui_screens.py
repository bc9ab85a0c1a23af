"""Help, raw JSON, the command palette, and the wiring to the profiles and login screens."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.table import Table
from textual.app import App
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Static

from cftui.core.credentials.kinds import make_token
from cftui.core.errors import ExitCode
from cftui.ui.screens.account import AccountScreen
from cftui.ui.screens.help import HelpScreen
from cftui.ui.screens.login import LoginScreen
from cftui.ui.screens.main import MainScreen
from cftui.ui.screens.profiles import ProfilesScreen
from cftui.ui.screens.raw_json import RawJsonScreen
from cftui.ui.types import ExitState, LoginResult, UseProfile
from cftui.ui.widgets.header import AppHeader
from cftui.ui.widgets.json_view import JsonView, tokens
from tests.support.ui_fakes import (
    TOKEN,
    body_with,
    demo_app,
    make_app,
    record_notes,
    response,
    screen_text,
    settle,
    store_with,
)
from tests.support.waiting import until

SIZE = (80, 24)


async def palette_offers(pilot: Pilot[Any], title: str) -> None:
    """Wait until the palette has searched what was typed and highlights ``title``: Enter
    then runs it. The search runs in a worker and fills the list in batches."""

    def highlighted() -> str:
        commands = pilot.app.screen.query_one(CommandList)
        index = commands.highlighted
        if not commands.has_class("--visible") or index is None:
            return ""
        return str(commands.get_option_at_index(index).prompt).splitlines()[0]

    await settle(pilot)
    await until(pilot, lambda: highlighted() == title, f"the palette to highlight {title!r}")


DESIGN_KEYS = (
    "↑, k, ↓, j",
    "⏎",
    "esc",
    "tab, shift+tab",
    "/",
    "r",
    "p",
    "c",
    "v",
    "?",
    "ctrl+p",
    "q, ctrl+q",
)
"""The design's key table, as the help writes each key."""


def help_keys(app: App[Any]) -> set[str]:
    """The help's key column, each visible on the screen too."""
    table = app.screen.query_one("#help-keys", Static).content
    assert isinstance(table, Table)
    keys = {str(cell) for cell in table.columns[0].cells}
    text = screen_text(app)
    return {key for key in keys if key in text}


async def test_question_mark_shows_every_key_and_escape_closes() -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = help_keys(app)
        assert set(DESIGN_KEYS) <= shown, set(DESIGN_KEYS) - shown
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await pilot.press("question_mark", "question_mark")  # ? toggles
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_the_help_scrolls_at_80x24_with_g_and_q_still_quits() -> None:
    """The list's paging keys made the main screen's help a few lines taller than 80x24:
    the top is on screen at first, ``G`` shows the rest (the keys that work everywhere)."""
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        shown = help_keys(app)
        assert {"/", "⏎", "z, +"} <= shown
        await pilot.press("G")
        await settle(pilot)
        shown |= help_keys(app)
        assert set(DESIGN_KEYS) <= shown, set(DESIGN_KEYS) - shown
        await pilot.press("q")
        await pilot.pause()
    assert app.return_value == ExitState(ExitCode.OK)


async def test_v_shows_the_raw_body_highlighted_and_escape_closes() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, RawJsonScreen)
        view = app.screen.query_one(JsonView)
        assert app.focused is view
        assert app.screen.text is not None
        assert '"first_name": "Avery"' in app.screen.text
        assert '"success": true' in app.screen.text
        text = screen_text(app)
        assert "GET /user · HTTP 200" in text and '"success": true' in text
        await pilot.press("j", "j")
        assert view.scroll_y == 2
        await pilot.press("k")
        assert view.scroll_y == 1
        await pilot.press("G")
        assert view.scroll_y == view.max_scroll_y > 20
        await pilot.press("g")
        assert view.scroll_y == 0
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, RawJsonScreen)
        await pilot.press("v")  # v toggles
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await pilot.press("v", "q")  # and q quits from here too
        await pilot.pause()
    assert app.return_value == ExitState(ExitCode.OK)


def test_the_json_tokenizer_tells_keys_from_values() -> None:
    line = '  "name": "a \\"quoted\\" [b]", "n": -1.5e3, "ok": true, "x": null'
    kinds = [(line[s:e], k) for s, e, k in tokens(line)]
    assert kinds == [
        ('"name"', "key"),
        ('"a \\"quoted\\" [b]"', "string"),
        (",", "punct"),
        ('"n"', "key"),
        ("-1.5e3", "number"),
        (",", "punct"),
        ('"ok"', "key"),
        ("true", "constant"),
        (",", "punct"),
        ('"x"', "key"),
        ("null", "constant"),
    ]


async def test_the_raw_view_never_shows_the_credential_even_if_the_body_had_it(
    tmp_path: Path,
) -> None:
    store = store_with(tmp_path)
    store.save("work", make_token(TOKEN), make_default=True)
    leaky = response(body_with(note=f"echo {TOKEN}"))
    app, _, _ = make_app(tmp_path, leaky, store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, RawJsonScreen)
        assert app.screen.text is not None
        assert TOKEN not in app.screen.text
        assert f"echo {TOKEN[:4]}…{TOKEN[-4:]}" in app.screen.text
        assert TOKEN not in screen_text(app)


async def test_v_and_c_are_off_until_there_is_a_response(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path, profiles=())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "Quit" in footer and "JSON" not in footer and "Copy id" not in footer
        await pilot.press("v", "c")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.clipboard == ""


async def test_the_palette_offers_every_action() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        expected = {"Filter", "Open", "Copy id", "Refresh", "Profiles", "JSON", "Help", "Log in"}
        assert expected <= titles
        assert {"Tokens", "My token"} <= titles  # t and i
        assert {"Quit", "Next panel", "Previous panel"} <= titles
        await pilot.press("enter")
        await pilot.pause()
        org_titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Back", "Copy id", "Refresh", "Help"} <= org_titles


async def test_ctrl_p_runs_a_command_by_name(tmp_path: Path) -> None:
    app, factory, _ = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"refresh")
        await palette_offers(pilot, "Refresh")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert len(factory.calls) == 2


async def test_ctrl_p_opens_the_help_by_name() -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"help")
        await palette_offers(pilot, "Help")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_p_opens_profiles_and_switching_fetches_as_that_profile(tmp_path: Path) -> None:
    app, factory, _ = make_app(tmp_path, profiles=("work", "home"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        header = app.screen.query_one(AppHeader)
        assert header.identity.profile == "work"
        await pilot.press("p")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ProfilesScreen)
        # Each profile's check builds (and closes) a client of its own through the factory.
        await until(pilot, lambda: len(screen.verdicts) == 2, "both profiles' verdicts")
        assert len(factory.built) == 3 and factory.closed == 2
        screen.dismiss(UseProfile("home"))
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert header.identity.profile == "home"
        assert header.identity.source == "profile home"
        assert len(factory.built) == 4 and factory.built[0] != factory.built[-1]
        assert factory.closed == 3  # and the previous profile's client was closed


async def test_p_with_demo_data_shows_the_demo_fleet_read_only() -> None:
    app = demo_app()
    notes = record_notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        screen = app.screen
        assert isinstance(screen, ProfilesScreen)
        await until(pilot, lambda: len(screen.verdicts) == 4, "the demo fleet's verdicts")
        assert screen.selected == "work"
        await pilot.press("x")
        assert notes[-1].endswith(
            "The demo's profiles are for show only: `cftui login` saves your own."
        )
        assert app.screen is screen  # nothing removed, nothing asked


async def test_a_saved_login_switches_to_that_profile(tmp_path: Path) -> None:
    store = store_with(tmp_path)
    app, factory, _ = make_app(tmp_path, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        store.save("fresh", make_token(TOKEN), make_default=True)
        await pilot.press("L")
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)
        app.screen.dismiss(LoginResult("fresh", make_token(TOKEN), saved=True, make_default=True))
        await settle(pilot)
        assert app.screen.query_one(AppHeader).identity.profile == "fresh"
        assert app.state.response is not None
        assert factory.built == [make_token(TOKEN)]


async def test_a_session_only_login_is_used_and_labelled(tmp_path: Path) -> None:
    store = store_with(tmp_path)
    app, factory, _ = make_app(tmp_path, store=store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("L")
        await pilot.pause()
        app.screen.dismiss(LoginResult(None, make_token(TOKEN), saved=False, make_default=False))
        await settle(pilot)
        identity = app.screen.query_one(AppHeader).identity
        assert identity.session_only and identity.profile is None
        assert "SESSION ONLY" in screen_text(app)
        assert factory.built == [make_token(TOKEN)]
        assert store.list_profiles() == []


async def test_a_refresh_updates_an_open_account_in_place(tmp_path: Path) -> None:
    body = body_with()
    body["result"]["organizations"][0]["roles"] = ["Renamed Role"]
    app, _, _ = make_app(tmp_path, response(), response(body))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*["down"] * 4, "enter")  # by name: the fourth after Blue Harbor
        await pilot.pause()
        assert isinstance(app.screen, AccountScreen)
        assert app.screen.row.name == "Okafor Studio"
        await pilot.press("r")
        await settle(pilot)
        assert app.screen.row.roles == ("Renamed Role",)
        assert "Renamed Role" in screen_text(app)
