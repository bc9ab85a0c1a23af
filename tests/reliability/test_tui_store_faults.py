"""The TUI when the profile store fails: a keyring that hangs or goes away mid-session, a
corrupt or unwritable config. The app keeps answering keys, says what happened and what to
do, offers a session-only login where that helps, and writes nothing.

The app uses the real client against the fake API; keyring backends come from
``tests/support/keyrings.py``, installed over the autouse in-memory one.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from textual.widgets import Button, DataTable, Input, Static

from cftui.core.credentials.kinds import ApiToken
from cftui.core.credentials.profiles import ProfileStore
from cftui.ui.app import CftuiApp
from cftui.ui.screens.confirm import ConfirmScreen
from cftui.ui.screens.help import HelpScreen
from cftui.ui.screens.login import NO_KEYRING_NOTE, LoginScreen
from cftui.ui.screens.profiles import ProfilesScreen
from tests.support.fake.server import FakeApi
from tests.support.fault_harness import TOKEN, Retargetable, flat
from tests.support.keyrings import (
    CrashingKeyring,
    DroppingKeyring,
    FlakyKeyring,
    InMemoryKeyring,
    LockedKeyring,
    SetFailingKeyring,
    SlowKeyring,
)
from tests.support.ui_fakes import FakeClock, screen_text, settle
from tests.support.ui_screen_fakes import decided
from tests.support.waiting import DEADLINE, until

HOME_TOKEN = "cfut_" + "H0meT0kenStaysPut" * 2 + "123456"
SESSION_TOKEN = "cfut_" + "Sess10nOnlyNeverSaved" * 2
SIZE = (80, 24)


@pytest.fixture
def slow(memory_keyring: InMemoryKeyring) -> Iterator[SlowKeyring]:
    backend = SlowKeyring(delay=300)
    yield backend
    backend.released.set()  # let the abandoned keyring threads finish


async def test_a_hanging_keyring_never_freezes_the_app(
    fake_api: FakeApi, tmp_path: Path, slow: SlowKeyring
) -> None:
    """While the keyring does not answer, keys work and a late answer is used; with no
    answer at all, the read is abandoned after the store's timeout: the keyring state."""
    config = tmp_path / "profiles"
    ProfileStore(config).save("work", ApiToken(TOKEN), make_default=True)  # while it works
    saved = dict(keyring.get_keyring().store)  # type: ignore[attr-defined]
    factory = Retargetable(fake_api.base_url("ok"))

    late = SlowKeyring(delay=300)
    late.store.update(saved)
    keyring.set_keyring(late)
    # A timeout no machine reaches: the read is still pending whatever the load.
    store = ProfileStore(config, keyring_timeout=DEADLINE * 2)
    app = CftuiApp(store, env={}, client_factory=factory, clock=FakeClock())
    try:
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: late.calls == 1, "the app to ask the keyring")
            assert app.state.loading  # asked, and no answer yet
            await pilot.press("question_mark")
            await until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help")
            await pilot.press("escape")
            assert app.state.loading
            late.released.set()  # the keyring answers after all
            await settle(pilot)
            assert app.state.problem is None and app.state.response is not None
    finally:
        late.released.set()

    slow.store.update(saved)
    keyring.set_keyring(slow)
    store = ProfileStore(config, keyring_timeout=0.5)
    app = CftuiApp(store, env={}, client_factory=factory, clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)  # the read is abandoned after 0.5 s
        problem = app.state.problem
        assert problem is not None and problem.kind == "keyring"
        assert "did not answer within 0.5 s" in problem.message
        screen = flat(screen_text(app))
        assert "Keyring unavailable" in screen
        assert "CLOUDFLARE_API_TOKEN" in screen
        assert "log in for this session (L)" in screen
    assert slow.calls == 1  # one read, abandoned; never retried behind the user's back


async def test_a_keyring_that_goes_away_mid_session(fake_api: FakeApi, tmp_path: Path) -> None:
    """Data for profile work; the Secret Service dies; ``r`` still works (the credential is
    in memory); switching to home fails with the keyring state; a session-only login then
    gets the user going, labelled as such, and nothing is written anywhere."""
    flaky = FlakyKeyring()
    keyring.set_keyring(flaky)
    store = ProfileStore(tmp_path / "profiles")
    store.save("work", ApiToken(TOKEN), make_default=True)
    store.save("home", ApiToken(HOME_TOKEN))
    config_before, keyring_before = store.path.read_bytes(), dict(flaky.store)
    clock = FakeClock()
    factory = Retargetable(fake_api.base_url("ok"))
    app = CftuiApp(store, env={}, client_factory=factory, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.state.response is not None
        assert "profile work" in screen_text(app)

        flaky.fail_from_now_on()
        clock.advance(30)
        await pilot.press("r")
        await settle(pilot)
        assert app.state.problem is None
        assert "updated 0 s ago" in screen_text(app)

        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ProfilesScreen)
        table = app.screen.query_one(DataTable)
        names = [str(table.get_row_at(n)[0]) for n in range(table.row_count)]
        assert names == ["home", "work"]  # the index needs no keyring
        profiles = app.screen
        assert isinstance(profiles, ProfilesScreen)
        await until(pilot, lambda: len(profiles.verdicts) == 2, "both profiles' verdicts")
        assert {v.verdict.value for v in profiles.verdicts.values()} == {"locked"}
        await pilot.press("k", "enter")  # a locked profile: it says why and asks first
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        assert "Profile 'home' is locked" in flat(screen_text(app))
        await pilot.press("y")
        await settle(pilot)
        problem = app.state.problem
        assert problem is not None and problem.kind == "keyring", problem
        assert "Could not read the secret of profile 'home'" in problem.message
        assert "the keyring could not be opened" in problem.message
        screen = flat(screen_text(app))
        assert "profile home" in screen and "log in for this session (L)" in screen

        await pilot.press("L")
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)
        assert NO_KEYRING_NOTE in screen_text(app)
        app.screen.query_one("#login-secret", Input).value = SESSION_TOKEN
        await pilot.press("enter")
        await settle(pilot)
        await settle(pilot)
        assert not isinstance(app.screen, LoginScreen)
        assert app.state.response is not None and app.state.problem is None
        screen = screen_text(app)
        assert "SESSION ONLY · not saved" in screen
        assert SESSION_TOKEN[:8] not in screen
    assert store.path.read_bytes() == config_before
    assert flaky.store == keyring_before


async def test_a_corrupt_config_is_named_left_alone_and_r_retries(
    fake_api: FakeApi, tmp_path: Path
) -> None:
    store = ProfileStore(tmp_path / "profiles")
    store.config_dir.mkdir()
    store.path.write_bytes(b'{"version": 1, "profiles": ')
    factory = Retargetable(fake_api.base_url("ok"))
    app = CftuiApp(store, env={}, client_factory=factory, clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        problem = app.state.problem
        assert problem is not None and problem.kind == "config"
        screen = flat(screen_text(app))
        assert "Configuration problem" in screen and "retry (r)" in screen
        assert f"The profile index {store.path} is not usable" in problem.message
        assert store.path.read_bytes() == b'{"version": 1, "profiles": '

        store.path.unlink()  # the user moves it away and logs in again, as the hint says
        store.save("work", ApiToken(TOKEN))
        await pilot.press("r")
        await settle(pilot)
        assert app.state.problem is None and app.state.response is not None
        assert "profile work" in screen_text(app)


async def test_an_unwritable_config_turns_a_login_into_a_session_only_one(
    fake_api: FakeApi, tmp_path: Path, memory_keyring: InMemoryKeyring
) -> None:
    store = ProfileStore(tmp_path / "profiles")
    store.config_dir.mkdir()
    (store.config_dir / "config.json.lock").mkdir()  # no lock, no write: even for root
    factory = Retargetable(fake_api.base_url("ok"))
    app = CftuiApp(store, env={}, client_factory=factory, clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("L")
        await until(pilot, lambda: isinstance(app.screen, LoginScreen), "the login dialog")
        await decided(pilot)  # known before a secret is typed: the index cannot be written
        screen = app.screen
        why = str(screen.query_one("#login-why", Static).content)
        assert f"could not write the profile index {store.path}" in why, why
        assert str(screen.query_one("#login-submit", Button).label) == "Verify & use"
        screen.query_one("#login-secret", Input).value = SESSION_TOKEN
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(app.screen, LoginScreen), "the session login")
        await settle(pilot)
        assert app.state.response is not None
        assert "SESSION ONLY · not saved" in screen_text(app)
    assert memory_keyring.store == {}
    assert not store.path.exists()


START_FAULTS: dict[str, tuple[type[KeyringBackend], str]] = {
    "no backend": (fail.Keyring, "no keyring backend is available"),
    "locked": (LockedKeyring, "the keyring is locked"),
    "crashing": (CrashingKeyring, "the keyring backend failed (ConnectionResetError)"),
}


@pytest.mark.parametrize("fault", START_FAULTS)
async def test_a_failing_keyring_at_start_is_a_state_with_a_way_out(
    fake_api: FakeApi, tmp_path: Path, fault: str
) -> None:
    backend, reason = START_FAULTS[fault]
    store = ProfileStore(tmp_path / "profiles")
    store.save("work", ApiToken(TOKEN), make_default=True)
    before = store.path.read_bytes()
    keyring.set_keyring(backend())
    factory = Retargetable(fake_api.base_url("ok"))
    app = CftuiApp(store, env={}, client_factory=factory, clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        problem = app.state.problem
        assert problem is not None and problem.kind == "keyring"
        assert f"Could not read the secret of profile 'work' from the system keyring: {reason}" in (
            problem.message
        )
        screen = flat(screen_text(app))
        assert "Keyring unavailable" in screen and "CLOUDFLARE_API_TOKEN" in screen
        assert "log in for this session (L)" in screen and "retry (r)" in screen
    assert store.path.read_bytes() == before


SAVE_FAULTS = {
    "refusing to store": (SetFailingKeyring, "the keyring refused to store it"),
    "dropping what it stores": (DroppingKeyring, "but did not keep it"),
}


@pytest.mark.parametrize("fault", SAVE_FAULTS)
async def test_a_keyring_that_cannot_save_is_known_before_the_secret_is_typed(
    fake_api: FakeApi, tmp_path: Path, fault: str
) -> None:
    """The dialog tries the keyring first: it offers a labelled session-only login, says
    why, and Enter verifies and uses the credential; nothing is written anywhere."""
    backend, reason = SAVE_FAULTS[fault]
    refusing = backend()
    keyring.set_keyring(refusing)
    store = ProfileStore(tmp_path / "profiles")
    factory = Retargetable(fake_api.base_url("ok"))
    app = CftuiApp(store, env={}, client_factory=factory, clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("L")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LoginScreen) and not screen.checking
        await decided(pilot)
        assert NO_KEYRING_NOTE in screen_text(app)
        assert reason in str(screen.query_one("#login-why", Static).content)
        assert str(screen.query_one("#login-submit", Button).label) == "Verify & use"
        screen.query_one("#login-secret", Input).value = SESSION_TOKEN
        await pilot.press("enter")
        await settle(pilot)
        await settle(pilot)
        assert not isinstance(app.screen, LoginScreen)
        assert app.state.response is not None
        shown = screen_text(app)
        assert "SESSION ONLY · not saved" in shown and SESSION_TOKEN[:8] not in shown
    assert not store.path.exists()
    assert refusing.store == {}
