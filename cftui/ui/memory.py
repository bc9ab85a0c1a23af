"""When the garbage collector runs: once per response, never on a keystroke.

With 10,000 organizations loaded, an automatic full collection takes up to ~100 ms and lands
on whatever key is pressed next. After each response the app therefore collects once (the
user is waiting for the refresh anyway) and freezes what is left, which takes it out of the
collector's later passes. Unfreezing first matters: ``gc.freeze()`` alone pins for good every
cycle that is garbage at that moment, or becomes garbage later (a removed widget), and the
app grew by ~0.7 MiB on every refresh that way.
"""

from __future__ import annotations

import gc


def settle_memory() -> None:
    gc.unfreeze()
    gc.collect()
    gc.freeze()
