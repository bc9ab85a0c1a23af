"""Fixes the wall clock of a cftui the tests run as a subprocess, and lets it skip its waits.

See ``tests/support/fixed_clock.py``.

Python imports ``sitecustomize`` at start-up from the first directory on ``sys.path`` that has
one; the suite puts this directory on ``PYTHONPATH``, so this file exists only for processes the
tests start (and the switches below with it: cftui itself has none). Nothing is imported unless
a variable is set, and then only ``cftui.core.clock`` (the standard library's ``datetime`` and
``time``, and cftui's package markers).
"""

import os

_fixed = os.environ.get("CFTUI_TEST_FIXED_NOW")
_no_backoff = os.environ.get("CFTUI_TEST_NO_BACKOFF") == "1"
if _fixed or _no_backoff:
    try:
        import cftui.core.clock as _clock
    except ImportError:  # a Python the tests start that has no cftui (a fresh venv)
        pass
    else:
        if _fixed:
            from datetime import datetime

            _instant = datetime.fromisoformat(_fixed)
            _clock.utc_now = lambda: _instant
        if _no_backoff:
            # A retry's backoff and a rate limit's pause return at once: the retries still
            # happen and are still said; only the waiting between them is skipped.
            _clock.sleep = lambda seconds: None
