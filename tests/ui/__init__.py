"""The TUI through Pilot, snapshots, and a real terminal (tmux)."""
