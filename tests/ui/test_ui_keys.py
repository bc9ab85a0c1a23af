"""Each key is defined once, in its binding: the help screen, the command palette and the
README's key tables all say what the bindings say."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from cftui.ui.app import CftuiApp
from cftui.ui.keys import KeyHelp, key_help, own_bindings, screen_keys
from cftui.ui.screens.account import AccountScreen
from cftui.ui.screens.help import HelpScreen
from cftui.ui.screens.main import MainScreen
from cftui.ui.screens.profiles import ProfilesScreen
from cftui.ui.screens.raw_json import RawJsonScreen
from cftui.ui.screens.token import TokenScreen
from cftui.ui.screens.tokens import TokensScreen
from tests.support.token_screen_fakes import token_answers
from tests.support.ui_fakes import make_app, screen_text, settle

README = Path(__file__).resolve().parents[2] / "README.md"
SIZE = (80, 24)


def markdown_table(keys: list[KeyHelp]) -> str:
    rows = [f"| {', '.join(f'`{k}`' for k in key.keys)} | {key.text} |" for key in keys]
    return "\n".join(["| key | what it does |", "|---|---|", *rows])


def readme_tables() -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Keys\n", 1)[1].split("\n## ", 1)[0]
    return [m.strip() for m in re.findall(r"(?:^\|.*\|\n?)+", section, flags=re.M)]


async def open_screen(pilot: Pilot[Any], key: str, screen: type[Any]) -> None:
    await pilot.press(key)
    await settle(pilot)
    assert isinstance(pilot.app.screen, screen)


async def every_screens_keys(app: CftuiApp, pilot: Pilot[Any]) -> list[list[KeyHelp]]:
    """Everywhere, then the main screen, an account, the profiles, the raw JSON, the tokens
    and one token."""
    await settle(pilot)
    assert isinstance(app.screen, MainScreen)
    found = [key_help([app]), screen_keys(app.screen)]
    for key, screen in (("enter", AccountScreen), ("p", ProfilesScreen)):
        await open_screen(pilot, key, screen)
        found.append(screen_keys(app.screen))
        await open_screen(pilot, "escape", MainScreen)
    await open_screen(pilot, "v", RawJsonScreen)
    found.append(screen_keys(app.screen))
    await open_screen(pilot, "escape", MainScreen)
    for key, screen in (("t", TokensScreen), ("enter", TokenScreen)):
        await open_screen(pilot, key, screen)
        found.append(screen_keys(app.screen))
    return found


async def test_the_readme_key_tables_are_the_bindings(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path, answers=token_answers())
    async with app.run_test(size=(120, 40)) as pilot:
        tables = [markdown_table(keys) for keys in await every_screens_keys(app, pilot)]
    assert readme_tables() == tables


async def help_text(pilot: Pilot[Any]) -> str:
    """Everything the help says, read a screenful at a time as ``j`` scrolls it."""
    app = pilot.app
    dialog = app.screen.query_one("#help-dialog")
    seen = [screen_text(app)]
    while dialog.scroll_y < dialog.max_scroll_y:
        await pilot.press("j")
        await settle(pilot)
        seen.append(screen_text(app))
    return "\n".join(seen)


async def test_the_help_shows_every_documented_key_of_the_screen_under_it(
    tmp_path: Path,
) -> None:
    app, _, _ = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for opened in ((), ("enter",)):
            for key in opened:
                await pilot.press(key)
                await settle(pilot)
            under = app.screen
            await open_screen(pilot, "question_mark", HelpScreen)
            # At 80x24 the main screen's keys are a few lines more than a screenful: j scrolls.
            text = " ".join((await help_text(pilot)).replace("│", " ").split())
            for node in (*under.walk_children(with_self=True), app):
                for binding in own_bindings(node):
                    if binding.tooltip:
                        assert " ".join(binding.tooltip.split()) in text, binding
            await open_screen(pilot, "escape", type(under))


async def test_the_palette_describes_commands_with_the_bindings_tooltips(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        commands = {c.title: c.help for c in app.get_system_commands(app.screen)}
        assert commands["Refresh"] == 'Refresh (the status bar then says "updated N s ago") (r)'
        assert commands["Filter"] == ("Filter accounts by name, id, role, permission or policy (/)")
        assert (
            commands["Next panel"] == "Next, previous panel (each scrolls: arrows, j/k, g/G) (tab)"
        )
        assert commands["Zoom"] == "The accounts list on the whole screen, and back (z)"
        assert "Keys" not in commands  # Textual's, with fewer words than the help (?)
        assert commands["Tokens"].endswith("(t)") and commands["My token"].endswith("(i)")
        assert "palette" not in commands  # the palette does not offer itself
