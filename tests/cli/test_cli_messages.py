"""What the CLI says when a newcomer slips: suggestions, usage, help, --demo, empty input."""

from __future__ import annotations

import io
import json
import re
import sys

import keyring
import pytest

from cftui.cli.main import build_parser, main
from cftui.core.credentials.kinds import ApiToken, GlobalApiKey
from cftui.core.credentials.profiles import ProfileStore
from tests.support.keyrings import LockedKeyring

TOKEN = "cfut_" + "Hk3Lm9Qz" * 5


def run(
    argv: list[str], capsys: pytest.CaptureFixture[str], stdin: str = ""
) -> tuple[int, str, str]:
    sys.stdin = io.StringIO(stdin)
    try:
        code = main(argv)
    except SystemExit as done:  # argparse's own exits
        code = int(done.code or 0)
    finally:
        sys.stdin = sys.__stdin__
    out, err = capsys.readouterr()
    return code, out, err


# -- did you mean ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "guess"),
    [
        (["whoiam"], "did you mean 'whoami'?"),
        (["who"], "did you mean 'whoami'?"),
        (["proflies"], "did you mean 'profiles'?"),
        (["logut"], "did you mean 'logout'?"),
    ],
)
def test_a_mistyped_command_gets_a_suggestion(
    capsys: pytest.CaptureFixture[str], argv: list[str], guess: str
) -> None:
    code, _out, err = run(argv, capsys)
    assert code == 2
    assert guess in err


def test_a_command_nothing_like_any_gets_no_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(["xyzzy"], capsys)
    assert code == 2
    assert "invalid choice" in err
    assert "did you mean" not in err


@pytest.mark.parametrize(
    ("argv", "usage", "guess"),
    [
        (["whoami", "--jsn"], "usage: cftui whoami", "did you mean --json?"),
        (["profiles", "--set-defualt", "x"], "usage: cftui profiles", "--set-default"),
        (["login", "--token-stdn"], "usage: cftui login", "--token-stdin"),
        (["--profile", "w", "whoami", "--timout", "3"], "usage: cftui whoami", "--timeout"),
    ],
)
def test_an_unknown_option_is_reported_by_its_subcommand(
    capsys: pytest.CaptureFixture[str], argv: list[str], usage: str, guess: str
) -> None:
    code, _out, err = run(argv, capsys)
    assert code == 2
    assert err.startswith(usage), err
    assert f"{usage.removeprefix('usage: ')}: error: unrecognized arguments" in err
    assert guess in err


def test_an_unknown_top_level_option_keeps_the_top_level_usage(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _out, err = run(["--dmeo"], capsys)
    assert code == 2
    assert err.startswith("usage: cftui [-h]")
    assert "did you mean --demo?" in err


def test_a_pasted_secret_is_masked_and_not_suggested_from(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _out, err = run(["whoami", f"--{TOKEN}"], capsys)
    assert code == 2
    assert TOKEN not in err and TOKEN[5:20] not in err
    assert "did you mean" not in err


# -- help ------------------------------------------------------------------------------------

COMMANDS = ([], *([name] for name in build_parser().subcommands))


@pytest.mark.parametrize("columns", [200, 80, 60])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "cftui")
def test_help_fits_the_terminal_and_never_exceeds_80_columns(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    columns: int,
    command: list[str],
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    code, out, _err = run([*command, "--help"], capsys)
    assert code == 0
    limit = min(columns, 80)
    too_long = [line for line in out.splitlines() if len(line) > limit]
    assert not too_long, "\n".join(too_long)
    assert "options:" in out


def test_the_description_is_wrapped_not_one_long_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    _code, out, _err = run(["--help"], capsys)
    assert "organizations, roles and permissions, in the\nterminal." in out
    # the epilog keeps its paragraphs, and the examples a line each
    assert "environment`.\n\nexamples:\n  cftui --demo\n  cftui login" in out
    assert "\n\nexit codes: 0 ok;" in out


@pytest.mark.parametrize(
    ("command", "text"),
    [
        ("login", "save the credential as this profile (default: 'default')"),
        ("logout", "remove this profile (default: the default profile)"),
        ("whoami", "use this saved profile"),
    ],
)
def test_profile_help_says_what_it_does_for_each_command(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, command: str, text: str
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    _code, out, _err = run([command, "--help"], capsys)
    assert text in " ".join(out.split())
    if command != "whoami":
        assert "use this saved profile" not in out


def test_profiles_still_accepts_profile_but_does_not_advertise_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _err = run(["profiles", "--help"], capsys)
    usage, options = out.split("\n\n")[0], out.split("\noptions:\n")[1].split("\n\n")[0]
    assert code == 0 and "--profile" not in usage + options
    assert "`cftui login --profile NAME` adds one" in " ".join(out.split())
    code, _out, _err = run(["profiles", "--profile", "x"], capsys)
    assert code == 0


def test_every_subcommand_is_registered_for_its_own_errors() -> None:
    parser = build_parser()
    assert set(parser.subcommands) >= {"whoami", "login", "logout", "profiles"}


# -- profiles --------------------------------------------------------------------------------


def test_profiles_says_default_in_words(capsys: pytest.CaptureFixture[str]) -> None:
    store = ProfileStore()
    store.save("work", ApiToken(TOKEN), make_default=True)
    store.save("home", GlobalApiKey("ada@example.com", "0123456789abcdef0123456789abcdef01234"))
    code, out, _err = run(["profiles"], capsys)
    assert code == 0
    assert out.splitlines() == [
        "home            Global API key  ada@example.com  not recorded",
        "work (default)  API token                        not recorded",
    ]


def test_profiles_without_a_default_says_how_to_choose_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    store = ProfileStore()
    for name in ("a", "b", "c"):
        store.save(name, ApiToken(TOKEN))
    store.remove("a")  # the default goes; two are left, so none is chosen
    code, out, _err = run(["profiles"], capsys)
    assert code == 0
    assert "(default)" not in out
    assert "No default profile: choose one with `cftui profiles --set-default NAME`." in out


def test_profile_names_come_from_the_index_without_the_keyring(
    capsys: pytest.CaptureFixture[str],
) -> None:
    store = ProfileStore()
    store.save("work", ApiToken(TOKEN), make_default=True)
    store.save("home", ApiToken(TOKEN))
    keyring.set_keyring(LockedKeyring())  # any keyring call would now fail
    code, out, err = run(["profiles", "--names"], capsys)
    assert (code, out, err) == (0, "home\nwork\n", "")


# -- login with an empty standard input ------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "stdin", "what"),
    [
        (["login", "--token-stdin"], "", "Standard input was empty: there is no API token"),
        (["login", "--token-stdin"], " \n", "Standard input was empty (only blank space)"),
        (
            ["login", "--email", "a@example.com", "--key-stdin"],
            "",
            "Standard input was empty: there is no Global API key",
        ),
    ],
)
def test_an_empty_standard_input_is_named_as_such(
    capsys: pytest.CaptureFixture[str], argv: list[str], stdin: str, what: str
) -> None:
    code, _out, err = run(argv, capsys, stdin)
    assert code == 2
    assert what in err
    assert "nothing was sent" in err
    assert "Paste the" not in err


# -- --demo ----------------------------------------------------------------------------------


@pytest.mark.parametrize("argv", [["--demo", "whoami"], ["whoami", "--demo"]])
def test_demo_whoami_prints_the_demo_user_without_network_or_keyring(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    keyring.set_keyring(LockedKeyring())  # the keyring would fail; the network is guarded
    code, out, err = run(argv, capsys)
    assert code == 0, err
    assert out.startswith("Avery Okafor <avery.okafor@example.com>")
    assert "demo data" in out
    assert "cftui: note: --demo: embedded demo data, not an account" in err
    assert "No credentials" not in err


def test_demo_whoami_json_says_where_it_came_from(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(["--demo", "whoami", "--json"], capsys)
    assert code == 0
    doc = json.loads(out)
    assert doc["source"] == "demo data"
    assert doc["user"]["first_name"] == "Avery"
    assert doc["token"]["status"] == "active"


@pytest.mark.parametrize("command", ["login", "logout", "profiles"])
def test_demo_with_a_command_it_does_not_apply_to_says_so(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    code, _out, err = run(["--demo", command], capsys, stdin="")
    assert code == 2
    assert f"`cftui {command}` works on your own profiles only" in err
    assert "Drop --demo." in err


def test_demo_and_a_profile_do_not_mix(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(["--demo", "--profile", "work", "whoami"], capsys)
    assert code == 2
    assert "--demo shows the embedded demo user, not a profile." in err


def test_plain_whoami_lines_up_the_roles(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(["--demo", "whoami"], capsys)
    assert code == 0
    row = re.compile(r"    (\S.*?) {2,}(member|invited|declined) {2,}(\S.*)$")
    found = [m for m in map(row.match, out.splitlines()) if m]
    assert len(found) == 8  # every demo account: the listing fits a screenful
    assert len({m.start(2) for m in found}) == 1, out  # statuses in one column
    assert len({m.start(3) for m in found}) == 1, out  # roles in one column
    assert "    Tidewater Nonprofit Trust  declined  Administrator Read Only" in out.splitlines()
