"""When the garbage collector runs: once per response, never on a keystroke.

With 10,000 organizations loaded, an automatic full collection takes up to ~100 ms and lands
on whatever key is pressed next. After each response the app therefore collects once (the
user is waiting for the refresh anyway) and freezes what is left, which takes it out of the
collector's later passes. Unfreezing first matters: ``gc.freeze()`` alone pins for good every
cycle that is garbage at that moment, or becomes garbage later (a removed widget), and the
app grew by ~0.7 MiB on every refresh that way.

While the rows of a big answer are built, automatic collections are paused (and the rows
frozen until the next settling): every object made then is kept, so each pass over the heap
in between is wasted, and with 10,000 organizations the passes took longer than building
the rows.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


def settle_memory() -> None:
    gc.unfreeze()
    gc.collect()
    gc.freeze()


@contextmanager
def building() -> Iterator[None]:
    """No automatic collection while the block makes objects that are all kept, nor right
    after it over them: they are frozen until ``settle_memory`` (after the next frame)
    collects everything once."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.enable()
