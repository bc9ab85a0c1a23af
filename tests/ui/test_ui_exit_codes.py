"""Quitting the TUI tells a script what went wrong, with the codes ``whoami`` uses.

Each problem state is reached the way a user reaches it (a store with no profile, an unknown
``--profile``, a corrupt index, a locked keyring) or, for answers from Cloudflare, by the
error the client raises; then ``q`` and the app's return value.
"""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest

from cftui.core.credentials.profiles import ProfileStore
from cftui.core.errors import (
    AuthError,
    CftuiError,
    ExitCode,
    MalformedResponseError,
    NetworkError,
    RateLimitedError,
    ServerError,
    UsageError,
)
from cftui.ui.app import CftuiApp
from cftui.ui.screens.help import HelpScreen
from tests.support.keyrings import InMemoryKeyring, LockedKeyring
from tests.support.ui_fakes import FakeFactory, demo_app, make_app, response, settle, store_with

SIZE = (80, 24)

ANSWERS = [
    pytest.param(UsageError("The base URL is refused."), ExitCode.USAGE, id="usage"),
    pytest.param(AuthError("Cloudflare rejected it."), ExitCode.AUTH_REJECTED, id="rejected"),
    pytest.param(NetworkError("Could not connect."), ExitCode.NETWORK, id="network"),
    pytest.param(RateLimitedError("Slow down.", retry_after=30), ExitCode.NETWORK, id="429"),
    pytest.param(ServerError("Bad gateway."), ExitCode.NETWORK, id="5xx"),
    pytest.param(MalformedResponseError("Not JSON."), ExitCode.MALFORMED, id="malformed"),
    pytest.param(RuntimeError("a bug"), ExitCode.INTERNAL, id="internal"),
]


async def quit_code(app: CftuiApp) -> tuple[int, str | None]:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.state.problem is not None
        await pilot.press("q")
        await pilot.pause()
    state = app.return_value
    assert state is not None
    return state.code, state.message


@pytest.mark.parametrize(("error", "code"), ANSWERS)
async def test_quitting_after_a_failed_fetch(
    tmp_path: Path, error: BaseException, code: ExitCode
) -> None:
    app, _, _ = make_app(tmp_path, error)
    got, message = await quit_code(app)
    assert got == code
    assert message is not None and "\n" not in message
    if isinstance(error, CftuiError):
        assert error.message in message
    else:
        assert "RuntimeError" in message  # the type only: its text could quote anything


async def test_quitting_on_first_run_says_not_logged_in(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path, profiles=())
    code, message = await quit_code(app)
    assert code == ExitCode.NO_CREDENTIALS
    assert message == "No Cloudflare profile yet, and no CLOUDFLARE_API_TOKEN in the environment."


async def test_quitting_with_an_unknown_profile(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path, profiles=("work",), profile="gone")
    code, message = await quit_code(app)
    assert code == ExitCode.NO_CREDENTIALS
    assert message is not None and "gone" in message


async def test_quitting_with_a_corrupt_profile_index(tmp_path: Path) -> None:
    store = ProfileStore(config_dir=tmp_path / "corrupt")
    store.path.parent.mkdir(parents=True)
    store.path.write_text("{ not json")
    app = CftuiApp(store, env={}, client_factory=FakeFactory())
    code, message = await quit_code(app)
    assert code == ExitCode.NO_CREDENTIALS  # the documented code of a profile index problem
    assert message is not None and "config.json" in message


async def test_quitting_with_a_locked_keyring(
    tmp_path: Path, memory_keyring: InMemoryKeyring
) -> None:
    store = store_with(tmp_path, "work")
    keyring.set_keyring(LockedKeyring())
    app, _, _ = make_app(tmp_path, store=store)
    code, message = await quit_code(app)
    assert code == ExitCode.KEYRING
    assert message is not None and "locked" in message


async def test_q_from_the_help_screen_carries_the_code_too(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path, AuthError("Cloudflare rejected it."))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_value is not None and app.return_value.code == ExitCode.AUTH_REJECTED


async def test_a_failed_refresh_over_good_data_still_counts(tmp_path: Path) -> None:
    app, _, _ = make_app(tmp_path, response(), NetworkError("Could not connect."))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.state.problem is None
        await pilot.press("r")
        await settle(pilot)
        assert app.state.response is not None and app.state.problem is not None
        await pilot.press("q")
        await pilot.pause()
    assert app.return_value is not None and app.return_value.code == ExitCode.NETWORK


async def test_quitting_with_data_on_screen_is_ok(tmp_path: Path) -> None:
    for app in (demo_app(), make_app(tmp_path)[0]):
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("q")
            await pilot.pause()
        assert app.return_value is not None
        assert (app.return_value.code, app.return_value.message) == (ExitCode.OK, None)
