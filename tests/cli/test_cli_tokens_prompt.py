"""``cftui tokens roll`` on a terminal, in process against the fake API: the question names
the token, says the old value stops working at once and where the new one goes; anything but
y rolls nothing. The profile lives in the suite's in-memory keyring."""

from __future__ import annotations

import io
import sys

import pytest

from cftui.cli import streams
from cftui.cli.context import Context
from cftui.cli.main import main
from cftui.core.credentials.kinds import ApiToken
from cftui.core.credentials.profiles import ProfileStore
from tests.support.fake.server import FakeApi
from tests.support.fake.token_bodies import every_flag
from tests.support.fake.tokens import FIRST_SECRET, world_of
from tests.support.fixed_clock import FIXED_NOW

IN_USE = every_flag(FIXED_NOW)[0]["id"]


def roll(api: FakeApi, answer: str, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    url = api.base_url("tokens", fresh=True)
    ProfileStore().save("work", ApiToken(FIRST_SECRET))
    monkeypatch.setattr(streams, "stdin_is_terminal", lambda: True)
    monkeypatch.setattr(sys, "stdin", io.StringIO(answer))
    code = main(["tokens", "roll", IN_USE], Context(env={"CLOUDFLARE_BASE_URL": url}))
    return code, url.split("/")[3]


def test_the_question_names_the_token_and_what_happens(
    fake_api: FakeApi, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, prefix = roll(fake_api, "y\n", monkeypatch)
    out, err = capsys.readouterr()
    assert code == 0, err
    assert err.startswith(
        f"Roll token 'cftui laptop' ({IN_USE})? Its current value stops working at once; the "
        "new value goes to the keyring of profile work. [y/N] "
    )
    (new,) = world_of(prefix).issued
    assert ProfileStore().load("work") == ApiToken(new)
    assert out.startswith("Rolled token 'cftui laptop'") and new not in out + err


@pytest.mark.parametrize("answer", ["n\n", "\n", ""])
def test_anything_but_yes_rolls_nothing(
    fake_api: FakeApi,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    answer: str,
) -> None:
    code, prefix = roll(fake_api, answer, monkeypatch)
    _, err = capsys.readouterr()
    assert code == 2 and "Nothing was rolled." in err
    assert world_of(prefix).issued == []
    assert ProfileStore().load("work") == ApiToken(FIRST_SECRET)


def test_the_roll_s_time_counts_from_the_answer_not_from_before_the_question(
    fake_api: FakeApi, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """--timeout bounds each client from when it is built: the roll's client is built once
    the user has answered, however long that took."""
    events: list[str] = []
    url = fake_api.base_url("tokens", fresh=True)
    ProfileStore().save("work", ApiToken(FIRST_SECRET))
    real = Context(env={"CLOUDFLARE_BASE_URL": url})

    class Answering(io.StringIO):
        def readline(self, size: int | None = -1) -> str:
            events.append("answered")
            return "y\n"

    def client(credential: ApiToken, timeout: float, *, retries: int = 2) -> object:
        events.append(
            "client for the rolled token" if credential.token == FIRST_SECRET else "other"
        )
        return real.client(credential, timeout, retries=retries)

    monkeypatch.setattr(streams, "stdin_is_terminal", lambda: True)
    monkeypatch.setattr(sys, "stdin", Answering())
    context = Context(env={"CLOUDFLARE_BASE_URL": url}, client=client)  # type: ignore[arg-type]
    assert main(["tokens", "roll", IN_USE], context) == 0, capsys.readouterr().err
    after = events[events.index("answered") + 1 :]
    assert after == ["client for the rolled token", "other"]  # the roll's, the new one's verify
    assert world_of(url.split("/")[3]).issued
