"""What a newcomer reads first: each command's --help (what it does, examples that run, the exit
codes it returns), `cftui help environment`, and a versioned shape for every --json."""

from __future__ import annotations

import io
import json
import re
import shlex
import sys
from pathlib import Path

import pytest

import cftui
from cftui.cli.main import build_parser, main
from cftui.core.credentials.kinds import ApiToken
from cftui.core.credentials.profiles import ProfileStore

TOKEN = "cfut_" + "Hk3Lm9Qz" * 5
COMMANDS = tuple(build_parser().subcommands)
VARIABLES = (
    "CLOUDFLARE_API_TOKEN",
    "CLOUDFLARE_EMAIL",
    "CLOUDFLARE_API_KEY",
    "CLOUDFLARE_BASE_URL",
    "CFTUI_CONFIG_DIR",
    "PYTHON_KEYRING_BACKEND",
    "KEYRING_CRYPTFILE_PASSWORD",
    "HTTPS_PROXY",
    "HTTP_PROXY",
    "ALL_PROXY",
    "NO_PROXY",
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
)
READ = re.compile(
    r"""(?:environ\.get|env\.get|getenv)\(\s*"([A-Z][A-Z0-9_]+)"|_(?:VAR|ENV)\s*=\s*"([A-Z][A-Z0-9_]+)\""""
)
"""A variable read by name (``env.get("X")``) or named by a constant (``TOKEN_VAR = "X"``)."""


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    sys.stdin = io.StringIO("")
    try:
        code = main(argv)
    except SystemExit as done:  # argparse's own exits
        code = int(done.code or 0)
    finally:
        sys.stdin = sys.__stdin__
    out, err = capsys.readouterr()
    return code, out, err


def section(out: str, heading: str) -> str:
    """The help paragraph that starts with ``heading``, without it."""
    return out.split(f"\n\n{heading}", 1)[1].split("\n\n", 1)[0]


def example_lines(out: str) -> list[str]:
    """The examples, one each: a line too long for the help's width is continued on the next,
    indented further (``HelpFormatter``), and joined back here."""
    joined: list[str] = []
    for line in section(out, "examples:\n").splitlines():
        if joined and line.startswith("    "):
            joined[-1] += " " + line.strip()
        else:
            joined.append(line)
    return joined


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_s_help_says_what_it_does_with_examples_and_exit_codes(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    code, out, _err = run([command, "--help"], capsys)
    assert code == 0
    description = out.split("\n\n", 2)[1]  # after the usage
    assert not description.startswith(("positional arguments:", "options:"))
    assert len(description.split()) >= 12, description
    examples = example_lines(out)
    assert 2 <= len(examples) <= 4, examples
    assert all("cftui " in line for line in examples)
    said = " ".join(section(out, "exit codes: ").split())
    assert said.startswith("0 ")
    assert re.search(r"[;:,] 1 internal error", said), said


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_every_example_parses(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """An example is a line to copy: its cftui part must be a command line cftui accepts."""
    monkeypatch.setenv("COLUMNS", "200")
    _code, out, _err = run([*filter(None, [command]), "--help"], capsys)
    parser = build_parser()
    shown = set()
    for line in example_lines(out):
        words = shlex.split(line.split("&&")[-1])
        words = words[words.index("cftui") + 1 :]
        cut = [i for i, w in enumerate(words) if w in ("|", "<", ">")]
        words = words[: cut[0]] if cut else words
        args = parser.parse_args(words)  # a SystemExit here is a broken example
        shown.add(args.command)
    assert not command or command in shown


def test_login_and_logout_say_that_profile_adds_and_removes_one(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    helps = {name: " ".join(run([name, "--help"], capsys)[1].split()) for name in COMMANDS}
    assert "--profile NAME adds a profile" in helps["login"]
    assert "--profile NAME removes that profile" in helps["logout"]
    assert "`cftui login --profile NAME` adds one" in helps["profiles"]
    assert "`cftui logout --profile NAME` removes one" in helps["profiles"]


def test_the_main_help_points_to_the_environment(capsys: pytest.CaptureFixture[str]) -> None:
    _code, out, _err = run(["--help"], capsys)
    assert "`cftui help environment`" in " ".join(out.split())
    assert "help" in build_parser().subcommands


def test_help_alone_lists_the_topics(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(["help"], capsys)
    assert code == 0
    assert re.search(r"^  environment +\S", out, re.MULTILINE), out
    code, _out, err = run(["help", "environmnet"], capsys)
    assert code == 2 and "did you mean 'environment'" in err


def _read_in_source() -> set[str]:
    found = set()
    for path in Path(cftui.__file__).parent.rglob("*.py"):
        for match in READ.finditer(path.read_text("utf-8")):
            found.add(match.group(1) or match.group(2))
    return found


def test_help_environment_names_every_variable_cftui_reads(
    capsys: pytest.CaptureFixture[str],
) -> None:
    read = _read_in_source()
    assert {"CLOUDFLARE_API_TOKEN", "CFTUI_CONFIG_DIR", "SSL_CERT_FILE"} <= read  # a real scan
    code, out, _err = run(["help", "environment"], capsys)
    assert code == 0
    named = set(re.findall(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b|\b[A-Z]{3,}\b", out))
    missing = (read | set(VARIABLES)) - named
    assert not missing, f"`cftui help environment` does not name {sorted(missing)}"
    assert all(len(line) <= 80 for line in out.splitlines())


def test_every_json_output_is_an_object_with_schema_1(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for argv in (["profiles", "--json"], ["--demo", "whoami", "--json"]):
        _code, out, _err = run(argv, capsys)
        assert json.loads(out)["schema"] == 1, argv
    ProfileStore().save("work", ApiToken(TOKEN), make_default=True)
    code, out, _err = run(["profiles", "--json"], capsys)
    assert code == 0
    assert json.loads(out) == {
        "schema": 1,
        "profiles": [
            {
                "name": "work",
                "kind": "token",
                "email": None,
                "default": True,
                "verified_email": None,
                "verified_on": None,
            }
        ],
    }
    code, out, _err = run(["invites", "--json", "--profile", "nosuch"], capsys)
    assert code == 3
    assert json.loads(out)["schema"] == 1
