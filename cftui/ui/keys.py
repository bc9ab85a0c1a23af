"""Every key is described once, in its binding; the help screen, the command palette and the
README's key table are read from there.

A binding's ``description`` is its word in the footer and its title in the palette; its
``tooltip`` is the sentence the help and the palette show. A binding without a tooltip is
an implementation detail (Textual's own, or an alias) and stays out of the help. Text that
names a key ("press r") asks ``key_for``, so a remapped binding changes it too.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from textual.app import App
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.keys import format_key
from textual.screen import Screen

APP_BINDINGS: list[BindingType] = [
    Binding("q", "quit", "Quit", tooltip="quit", id="app.quit"),
    Binding(
        "ctrl+q", "quit", "Quit", show=False, priority=True, tooltip="quit", id="app.quit_ctrl"
    ),
    Binding(
        "r",
        "refresh",
        "Refresh",
        tooltip='refresh (the status bar then says "updated N s ago")',
        id="app.refresh",
    ),
    Binding(
        "p",
        "profiles",
        "Profiles",
        tooltip="profiles: switch, set the default, add (log in), remove",
        id="app.profiles",
    ),
    Binding(
        "v",
        "raw_json",
        "JSON",
        tooltip="raw JSON of the last response (never contains the credential)",
        id="app.raw_json",
    ),
    Binding(
        "question_mark",
        "help",
        "Help",
        key_display="?",
        tooltip="help: the keys that work where you are",
        id="app.help",
    ),
    # Capitals for the two keys that change whose data is on screen: the lower-case letters
    # act on what is selected (and ``l`` is "right" to vim and k9s users).
    Binding(
        "L",
        "login",
        "Log in",
        show=False,
        tooltip="log in: save a profile, or use one for this session only",
        id="app.login",
    ),
    Binding(
        "D",
        "demo",
        "Demo data",
        show=False,
        tooltip="demo data (when there is nothing else to show)",
        id="app.demo",
    ),
    Binding(
        "ctrl+p",
        "command_palette",
        "palette",
        show=False,
        priority=True,
        tooltip="command palette: every action by name",
        id="app.palette",
    ),
]
"""The app's own keys, which work on every screen."""

PANELS = "next, previous panel (each scrolls: arrows, j/k, g/G)"
PANEL_BINDINGS: list[BindingType] = [
    Binding("tab", "app.focus_next", "Next panel", show=False, tooltip=PANELS, id="panel.next"),
    Binding(
        "shift+tab",
        "app.focus_previous",
        "Previous panel",
        show=False,
        tooltip=PANELS,
        id="panel.previous",
    ),
]
"""Textual's own focus keys, described: screens with more than one panel include them."""


def scroll_bindings(prefix: str, *, documented: bool = True) -> list[BindingType]:
    """``j``/``k``/``g``/``G`` beside the arrows, ``home`` and ``end``: every view that
    scrolls has them. ``documented`` says them in the help (two lines); a panel among others
    leaves that to ``PANELS``. Their ids: ``{prefix}.up``, ``.down``, ``.top``, ``.bottom``."""
    scroll = "scroll up, down" if documented else ""
    ends = "top, bottom" if documented else ""
    return [
        Binding("up,k", "scroll_up", "Up", show=False, tooltip=scroll, id=f"{prefix}.up"),
        Binding("down,j", "scroll_down", "Down", show=False, tooltip=scroll, id=f"{prefix}.down"),
        Binding("home,g", "scroll_home", "Top", show=False, tooltip=ends, id=f"{prefix}.top"),
        Binding("end,G", "scroll_end", "Bottom", show=False, tooltip=ends, id=f"{prefix}.bottom"),
    ]


@dataclass(frozen=True, slots=True)
class KeyHelp:
    keys: tuple[str, ...]
    """As the user types them: ``↑``, ``k``, ``ctrl+p``."""
    text: str


def own_bindings(node: DOMNode) -> list[Binding]:
    """``node``'s bindings as Textual merges them: a subclass's key replaces its base's."""
    by_key: dict[str, Binding] = {}
    for cls in reversed(type(node).__mro__):
        declared: Iterable[BindingType] = vars(cls).get("BINDINGS", ())
        for binding in declared:
            if isinstance(binding, Binding):
                by_key.pop(binding.key, None)  # in the subclass's order
                by_key[binding.key] = binding
    return list(by_key.values())


def key_help(nodes: Iterable[DOMNode]) -> list[KeyHelp]:
    """The documented keys of ``nodes`` in order; bindings saying the same are one line."""
    lines: dict[str, tuple[str, ...]] = {}
    for node in nodes:
        for binding in own_bindings(node):
            if not binding.tooltip:
                continue
            keys = tuple(format_key(key.strip()) for key in binding.key.split(","))
            known = lines.get(binding.tooltip, ())
            lines[binding.tooltip] = known + tuple(k for k in keys if k not in known)
    return [KeyHelp(keys, text) for text, keys in lines.items()]


def screen_keys(screen: Screen[Any]) -> list[KeyHelp]:
    """The keys that work on ``screen``: its own and those of the widgets on it."""
    return key_help(unique_classes(screen.walk_children(with_self=True)))


def unique_classes(nodes: Iterable[DOMNode]) -> Iterator[DOMNode]:
    seen: set[type[DOMNode]] = set()
    for node in nodes:
        if type(node) not in seen:
            seen.add(type(node))
            yield node


def key_for(node: DOMNode, binding_id: str) -> str:
    """The key that runs the binding ``binding_id``, as a hint names it (``r``, ``?``, ``escape``).

    Looked up among ``node``'s bindings and the app's, with the app's keymap applied the way
    Textual applies it (the first of the new keys, without the binding's ``key_display``).
    """
    app = node if isinstance(node, App) else node.app
    remapped = app._keymap.get(binding_id)  # Textual's screens read the keymap the same way
    if remapped:
        return spoken_key(remapped.split(",")[0].strip())
    declared = (b for b in (*own_bindings(node), *own_bindings(app)) if b.id == binding_id)
    binding = next(declared, None) or app_binding(binding_id)
    return binding.key_display or spoken_key(binding.key.split(",")[0].strip())


def spoken_key(key: str) -> str:
    """``key`` as a sentence names it: its symbol where it has one (``?``, ``⏎``), else its
    own name (``escape``, ``f5``, ``ctrl+r``), not Textual's short forms (``esc``)."""
    shown = format_key(key)
    return shown if len(shown) == 1 else key


def app_binding(binding_id: str) -> Binding:
    """One of the app's own bindings (``APP_BINDINGS``), by its id."""
    found = (b for b in APP_BINDINGS if isinstance(b, Binding) and b.id == binding_id)
    binding = next(found, None)
    if binding is None:
        raise LookupError(f"no app binding {binding_id!r}")
    return binding
