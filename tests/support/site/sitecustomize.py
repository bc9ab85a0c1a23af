"""Fixes the wall clock of a cftui the tests run as a subprocess.

See ``tests/support/fixed_clock.py``.

Python imports ``sitecustomize`` at start-up from the first directory on ``sys.path`` that has
one; the suite puts this directory on ``PYTHONPATH``, so this file exists only for processes the
tests start. Nothing is imported unless the variable is set, and then only
``cftui.core.clock`` (the standard library's ``datetime`` and cftui's package markers).
"""

import os

_fixed = os.environ.get("CFTUI_TEST_FIXED_NOW")
if _fixed:
    from datetime import datetime

    try:
        import cftui.core.clock as _clock
    except ImportError:  # a Python the tests start that has no cftui (a fresh venv)
        pass
    else:
        _instant = datetime.fromisoformat(_fixed)
        _clock.utc_now = lambda: _instant
