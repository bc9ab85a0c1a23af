"""The profiles screen's Health column: each profile's verdict and expiry as ``cftui status``
words them, "checking" until its check lands (the list usable meanwhile), and a question
before switching to a profile that will not work. Real async clients, answered by the fake
fleet's personas over MockTransport; the day is the suite's fixed one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import DataTable, Static

from cftui.core.fleet.health import Verdict
from cftui.ui.fleet_health import saved_fleet
from cftui.ui.screens.confirm import ConfirmScreen
from cftui.ui.screens.profiles import ProfilesScreen
from cftui.ui.types import UseProfile
from tests.support.fixed_clock import fixed_now
from tests.support.fleet_factory import PROFILES, SECRETS, FleetFactory, fleet_store
from tests.support.ui_screen_fakes import HostApp, screen_text
from tests.support.waiting import until

FLEET = ("good", "expiring", "reports", "revoked", "slow", "studio", "legacy")


def host(path: Path, *names: str, missing: tuple[str, ...] = ()) -> tuple[HostApp, FleetFactory]:
    store = fleet_store(path, *names, missing=missing)
    factory = FleetFactory()
    health = saved_fleet(store, factory, fixed_now)
    return HostApp(lambda: ProfilesScreen(store, names[0], factory, health=health)), factory


def screen(app: HostApp) -> ProfilesScreen:
    shown = app.screen
    assert isinstance(shown, ProfilesScreen)
    return shown


def health_of(app: HostApp) -> dict[str, str]:
    table = app.screen.query_one("#profiles-table", DataTable)
    return {
        str(table.get_row_at(i)[0]): str(table.get_row_at(i)[1]) for i in range(table.row_count)
    }


async def test_verdicts_fill_in_as_each_check_lands(tmp_path: Path) -> None:
    app, factory = host(tmp_path, *FLEET)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: len(screen(app).verdicts) == len(FLEET) - 1, "all but slow")
        await until(pilot, lambda: health_of(app)["revoked"] == "✗ rejected", "the rows drawn")
        assert health_of(app) == {
            "expiring": "! expiring · 5 days left",
            "good": "✓ ok · 42 days left",
            "legacy": "✓ ok",  # a Global API key: nothing to count
            "reports": "✓ ok · 42 days left",
            "revoked": "✗ rejected",
            "slow": "… checking",
            "studio": "✓ ok · 42 days left",
        }
        # The list works while a check is still out: the cursor moves, a key answers.
        before = screen(app).selected
        await pilot.press("j")
        assert screen(app).selected != before
        factory.release()
        # Its held answers are a good /user's, whatever was asked: usable, no expiry given.
        await until(pilot, lambda: health_of(app)["slow"] == "✓ ok · never expires", "slow")
        assert screen(app).verdicts["slow"].verdict is Verdict.OK
        await until(pilot, lambda: factory.closed == len(FLEET), "every check's client closed")
        shown = screen_text(app)
        for secret in SECRETS:
            assert secret not in shown


async def test_a_profile_without_its_secret_is_missing_at_once(tmp_path: Path) -> None:
    app, factory = host(tmp_path, "good", "expiring", missing=("expiring",))
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: len(screen(app).verdicts) == 2, "both verdicts")
        await until(pilot, lambda: health_of(app)["expiring"] == "✗ missing", "the row drawn")
        assert factory.built == [PROFILES["good"]]  # nothing to send for the missing one


async def test_switching_to_a_rejected_profile_says_why_and_asks_first(tmp_path: Path) -> None:
    app, _factory = host(tmp_path, "good", "revoked")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: len(screen(app).verdicts) == 2, "both verdicts")
        await pilot.press("j")
        assert screen(app).selected == "revoked"
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        question = str(app.screen.query_one("#confirm-question", Static).render())
        assert question.startswith("Profile 'revoked' is rejected: ")
        assert "Switch to it anyway?" in question
        assert screen_text(app).count("Switch (y)") == 1
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, ProfilesScreen), "back to the list")
        assert app.results == []  # stayed on the list, nothing switched
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "asked again")
        await pilot.press("y")
        await until(pilot, lambda: app.results != [], "the switch")
        assert app.results == [UseProfile("revoked")]


async def test_switching_to_a_usable_profile_asks_nothing(tmp_path: Path) -> None:
    app, _factory = host(tmp_path, "revoked", "expiring")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: len(screen(app).verdicts) == 2, "both verdicts")
        await pilot.press("k")  # listed by name: expiring above revoked, the one in use
        assert screen(app).selected == "expiring"
        await pilot.press("enter")
        await until(pilot, lambda: app.results != [], "the switch")
        assert app.results == [UseProfile("expiring")]


async def test_the_verdict_never_reads_as_markup(tmp_path: Path, monkeypatch: Any) -> None:
    """A reason quoting the API is drawn as it is: no style, no swallowed brackets."""
    from cftui.core.fleet import health as health_module

    hostile = "[bold red]boom[/] [link=https://evil.example]x[/link]"
    monkeypatch.setattr(health_module, "_words", lambda text: hostile)
    app, _factory = host(tmp_path, "good", "revoked")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: len(screen(app).verdicts) == 2, "both verdicts")
        await pilot.press("j", "enter")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        question = app.screen.query_one("#confirm-question", Static).render()
        assert hostile in str(question)  # the plain text keeps every bracket
        assert "evil.example" not in str(getattr(question, "spans", ""))  # no link made
