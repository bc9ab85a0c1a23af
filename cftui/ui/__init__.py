"""The terminal UI: a Textual app over the core layer (imported only when the TUI starts)."""
