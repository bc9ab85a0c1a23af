"""Every credential's health at once: one verdict each (``status``, ``doctor``, the TUI)."""
