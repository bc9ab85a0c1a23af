"""The demo's profiles screen (``p``) in a real terminal (tmux, 80x24): the installed
``cftui --demo`` draws the list at once, then each profile's verdict as its check lands."""

from __future__ import annotations

from pathlib import Path

from tests.ui.test_tmux import Tmux, line_with, start_demo, tmux  # noqa: F401 (the fixture)


def test_demo_profiles_with_verdicts_in_a_real_terminal(tmux: Tmux, tmp_path: Path) -> None:  # noqa: F811
    exit_file = start_demo(tmux, tmp_path)
    tmux.wait_for_all("DEMO DATA", "Blue Harbor Media", "Quit")

    tmux.keys("p")
    screen = tmux.wait_for(
        lambda s: "Profiles" in s and "studio-ci" in s and "checking" not in s,
        "the demo's four profiles, every verdict landed",
    )
    assert "! expiring · 9 days left" in line_with(screen, "personal")
    assert "✓ ok" in line_with(screen, "reports")
    assert "✓ ok · never expires" in line_with(screen, "studio-ci")
    assert "✓ ok" in line_with(screen, "work")
    assert len(screen.splitlines()) <= 24
    assert all(len(line) <= 80 for line in screen.splitlines())

    tmux.keys("Escape")
    screen = tmux.wait_for_all("Blue Harbor Media", "Filter")
    assert "studio-ci" not in screen

    tmux.keys("q")
    tmux.wait_for(lambda s: tmux.pane("pane_dead") == "1", "cftui to exit")
    assert exit_file.read_text().strip() == "0"
