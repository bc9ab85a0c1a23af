"""Every action in the command palette (ctrl+p), named as in the footer and the help.

Commands are generated from the bindings of the app and of the screen the palette was opened
on, so a new key binding shows up in the palette without a second list to keep in sync;
only bindings with an ``id`` and a description count, and only if they are enabled there.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import partial
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.screen import Screen

HELP: dict[str, str] = {
    "app.refresh": "Fetch your profile again",
    "app.profiles": "Switch, add, remove profiles or set the default",
    "app.raw_json": "Show the raw JSON of the last response",
    "app.help": "Show every key",
    "app.login": "Log in with an API token or a Global API key",
    "app.demo": "Look around on embedded demo data",
    "main.filter": "Filter organizations by name, id, role or permission",
    "main.open": "Open the selected organization",
    "main.copy_id": "Copy the selected id to the clipboard",
    "main.clear_filter": "Clear the organization filter",
    "org.back": "Back to the main screen",
    "org.copy_id": "Copy the organization id to the clipboard",
}
"""Longer help for the palette; bindings not listed here still appear, with their key."""

SKIP = frozenset({"app.quit", "app.quit_ctrl"})
"""Already offered by Textual's own system commands ("Quit")."""


def _commands(app: App[Any], node: DOMNode) -> Iterator[SystemCommand]:
    bindings: Iterable[BindingType] = type(node).BINDINGS
    for binding in bindings:
        if not isinstance(binding, Binding) or not binding.id or binding.id in SKIP:
            continue
        if not binding.description or node.check_action(binding.action, ()) is False:
            continue
        key = binding.key_display or binding.key.split(",")[0]
        help_text = HELP.get(binding.id, binding.description)
        yield SystemCommand(
            binding.description,
            f"{help_text} ({key})",
            partial(app.run_action, binding.action, node),
        )


def palette_commands(app: App[Any], screen: Screen[Any]) -> Iterator[SystemCommand]:
    yield from _commands(app, screen)
    yield from _commands(app, app)
    yield SystemCommand("Next panel", "Focus the next panel (tab)", app.action_focus_next)
    yield SystemCommand(
        "Previous panel", "Focus the previous panel (shift+tab)", app.action_focus_previous
    )
