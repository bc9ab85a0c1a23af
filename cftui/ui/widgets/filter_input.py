"""The filter field: Textual's ``Input`` without a screen-wide layout on every keystroke.

``Input`` records the width of its text as its ``virtual_size``, a reactive that lays out the
whole screen when it changes: on each keystroke, half of the time a keystroke takes with
10,000 accounts on screen. The field's own size never depends on its text (it is as wide as
the panel), and its horizontal scrolling reads ``virtual_size`` when it scrolls, so here that
reactive only repaints.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class FilterInput(Input):
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
