"""Every action in the command palette (ctrl+p), named as in the footer and the help.

Commands are generated from the bindings of the app and of the screen the palette was opened
on, so a new key binding shows up in the palette without a second list to keep in sync: a
binding with an ``id`` and a ``tooltip`` is a command, titled with its footer word and
described with its tooltip, if it is enabled there.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import partial
from typing import Any

from textual.app import App, SystemCommand
from textual.dom import DOMNode
from textual.keys import format_key
from textual.screen import Screen

from cftui.ui.keys import own_bindings

SKIP = frozenset({"app.quit", "app.quit_ctrl", "app.palette"})
"""Offered by Textual's own system commands ("Quit"), or the palette itself."""
REPLACED = frozenset({"Keys"})
"""Textual's commands that say less than cftui's key for the same: its keys panel lists the
focused widget's bindings without words, where ``?`` (the help) lists them all with theirs."""


def _commands(app: App[Any], node: DOMNode) -> Iterator[SystemCommand]:
    for binding in own_bindings(node):
        if not binding.id or not binding.tooltip or binding.id in SKIP:
            continue
        # As Textual asks it: the action's name ("answer"), not its call ("answer(True)").
        if node.check_action(binding.action.partition("(")[0], ()) is False:
            continue
        key = binding.key_display or format_key(binding.key.split(",")[0])
        help_text = binding.tooltip[0].upper() + binding.tooltip[1:]
        yield SystemCommand(
            binding.description,
            f"{help_text} ({key})",
            partial(app.run_action, binding.action, node),
        )


def palette_commands(
    app: App[Any], screen: Screen[Any], textuals: Iterable[SystemCommand]
) -> Iterator[SystemCommand]:
    """Textual's own commands but those a key of cftui's does better, then cftui's."""
    yield from (command for command in textuals if command.title not in REPLACED)
    yield from _commands(app, screen)
    yield from _commands(app, app)
