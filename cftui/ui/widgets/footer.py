"""Textual's footer, without the memory it kept on every refresh.

``Footer`` rebuilds its keys whenever a screen's bindings may have changed, which here is on
every fetch state (loading, data, trouble). Each new ``FooterKey`` is bound to the footer's
``compact`` with ``data_bind``, and that watcher entry lives on the footer itself: Textual
only prunes it when ``compact`` changes, which in this app is never. So every refresh kept a
footer's worth of removed keys (and all their render caches) alive for as long as the screen
lived. This footer drops the entries of removed keys before it composes new ones, and does
not rebuild at all when the keys it would show are the ones already shown.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

KeysShown = tuple[tuple[object, ...], ...]


def keys_shown(screen: Screen[Any]) -> KeysShown:
    """Everything of the screen's active bindings that the footer draws."""
    palette = screen.app.COMMAND_PALETTE_BINDING
    return tuple(
        (key, binding.action, binding.description, binding.key_display, enabled, tooltip)
        for key, (_, binding, enabled, tooltip) in screen.active_bindings.items()
        if binding.show or key == palette
    )


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

    def _drop_removed_watchers(self) -> None:
        watchers: dict[str, list[tuple[Any, Any]]] = getattr(self, "__watchers", {})
        for entries in watchers.values():
            entries[:] = [(node, cb) for node, cb in entries if node.is_attached]
