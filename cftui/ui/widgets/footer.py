"""Textual's footer, without the memory it kept on every refresh, and never wider than the
terminal.

``Footer`` rebuilds its keys whenever a screen's bindings may have changed, which here is on
every fetch state (loading, data, trouble). Each new ``FooterKey`` is bound to the footer's
``compact`` with ``data_bind``, and that watcher entry lives on the footer itself: Textual
only prunes it when ``compact`` changes, which in this app is never. So every refresh kept a
footer's worth of removed keys (and all their render caches) alive for as long as the screen
lived. This footer drops the entries of removed keys before it composes new ones, and does
not rebuild at all when the keys it would show are the ones already shown.

Textual's footer also lets its keys run under the command palette's key, which is docked on
the right: at 80 columns a filter left ``p Profil▏^p palette``, and at 60 a letter of a hidden
key showed after the palette. Keys that do not fit are hidden instead, least needed first;
``?`` (the help, which lists every key) goes last.
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

KeysShown = tuple[tuple[object, ...], ...]

KEPT_LONGEST = ("help", "quit", "back", "answer", "clear_filter")
"""Actions whose keys stay while others give way; the first of them stays longest. An
invitation's accept and decline stay together (one action): at 60 columns "d Decline" had
gone while "a Accept" stayed."""


def keys_shown(screen: Screen[Any]) -> KeysShown:
    """Everything of the screen's active bindings that the footer draws."""
    palette = screen.app.COMMAND_PALETTE_BINDING
    return tuple(
        (key, binding.action, binding.description, binding.key_display, enabled, tooltip)
        for key, (_, binding, enabled, tooltip) in screen.active_bindings.items()
        if binding.show or key == palette
    )


def key_width(key: FooterKey) -> int:
    """The cells ``key`` takes in the row, margins included, shown or not."""
    return cell_len(key.render().plain) + key.styles.gutter.width + key.styles.margin.width


def drop_order(keys: list[FooterKey]) -> list[FooterKey]:
    """Which keys give way first: the last of the ordinary ones, then the kept ones."""

    def rank(key: FooterKey) -> int:
        action = key.action.rpartition(".")[2].partition("(")[0]  # answer(True): answer
        return KEPT_LONGEST.index(action) if action in KEPT_LONGEST else len(KEPT_LONGEST)

    by_place = list(reversed(keys))
    return sorted(by_place, key=rank, reverse=True)


class AppFooter(Footer):
    def __init__(self, *, compact: bool = False, id: str | None = None) -> None:
        super().__init__(compact=compact, id=id)
        self._composed: KeysShown | None = None

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if self._composed is not None and keys_shown(screen) == self._composed:
            return
        super().bindings_changed(screen)

    def compose(self) -> ComposeResult:
        self._drop_removed_watchers()
        if self._bindings_ready:
            self._composed = keys_shown(self.screen)
        yield from super().compose()
        self.call_after_refresh(self.fit_keys)

    def on_resize(self) -> None:
        self.fit_keys()

    def fit_keys(self) -> None:
        """Show as many keys as the width allows, hiding the least needed first."""
        if not self.is_attached or self.size.width == 0:
            return
        keys = [key for key in self.query_children(FooterKey)]
        row = [key for key in keys if not key.has_class("-command-palette")]
        room = self.size.width - sum(key_width(key) for key in keys if key not in row)
        used = sum(key_width(key) for key in row)
        hidden: set[FooterKey] = set()
        for key in drop_order(row):
            if used <= room or len(hidden) == len(row) - 1:
                break
            hidden.add(key)
            used -= key_width(key)
        for key in row:
            key.display = key not in hidden

    def _drop_removed_watchers(self) -> None:
        watchers: dict[str, list[tuple[Any, Any]]] = getattr(self, "__watchers", {})
        for entries in watchers.values():
            entries[:] = [(node, cb) for node, cb in entries if node.is_attached]
