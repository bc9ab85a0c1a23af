"""The screens of the TUI: main, an account, and the dialogs."""
