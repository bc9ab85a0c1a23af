"""Shell completion, run by the real shells: bash (through bash-completion's own loader, from
the directory the README installs into), zsh and fish.

Profile names come from the index only: every shell here runs with a keyring backend that
fails on any call, and still completes them.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cftui.core.credentials.profile_index import ConfigIndex, ProfileEntry, write_index
from tests.support.fault_harness import REPO, cli_env

CFTUI = Path(sys.executable).parent / "cftui"
LOADER = Path("/usr/share/bash-completion/bash_completion")
INSTALL = "apt-get install -y bash-completion zsh fish"


def _require(*tools: str) -> None:
    """Fail (never skip) with the install line: a skipped completion test hides a broken one."""
    missing = [t for t in tools if shutil.which(t) is None]
    if "bash-completion" in tools and LOADER.exists():
        missing = [t for t in missing if t != "bash-completion"]
    if missing:
        pytest.fail(f"{', '.join(missing)} missing; install with: {INSTALL}", pytrace=False)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A home with two saved profiles and a keyring that refuses every call."""
    index = ConfigIndex(
        default="work",
        profiles={"work": ProfileEntry(kind="token"), "home-lab": ProfileEntry(kind="token")},
    )
    write_index(tmp_path / "config" / "config.json", index)
    return tmp_path


def _env(home: Path) -> dict[str, str]:
    env = cli_env(home, PYTHON_KEYRING_BACKEND="tests.support.keyrings.LockedKeyring")
    env["PATH"] = f"{CFTUI.parent}:{env.get('PATH', '/usr/bin:/bin')}"
    return env


def _script(shell: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [str(CFTUI), "completion", shell],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        stdin=subprocess.DEVNULL,
    )
    return done.stdout


def _shell(argv: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(
        argv,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr}"
    assert "Traceback" not in done.stderr
    return done.stdout


# what is typed before <tab>  ->  what must be offered (exactly)
CASES = [
    (
        "cftui ",
        [
            "completion",
            "doctor",
            "help",
            "invites",
            "login",
            "logout",
            "profiles",
            "status",
            "tokens",
            "whoami",
        ],
    ),
    ("cftui who", ["whoami"]),
    ("cftui --de", ["--debug", "--demo"]),
    ("cftui whoami --j", ["--json"]),
    ("cftui --profile ", ["home-lab", "work"]),
    ("cftui whoami --profile w", ["work"]),
    ("cftui profiles --set-default ", ["home-lab", "work"]),
    ("cftui status --profile ", ["home-lab", "work"]),
    ("cftui profiles switch ", ["home-lab", "work"]),
    ("cftui profiles switch h", ["home-lab"]),
    ("cftui --profile work whoami --t", ["--timeout"]),
    ("cftui completion ", ["bash", "fish", "zsh"]),
    ("cftui help ", ["environment"]),
    ("cftui login --email ", []),
]


@pytest.mark.parametrize(("line", "offered"), CASES)
def test_bash(home: Path, line: str, offered: list[str]) -> None:
    _require("bash", "bash-completion")
    env = _env(home)
    target = home / ".local" / "share" / "bash-completion" / "completions" / "cftui"
    target.parent.mkdir(parents=True)
    target.write_text(_script("bash", env))  # where the README says to put it
    words = shlex.split(line) + ([""] if line.endswith(" ") else [])
    program = (
        f"source {LOADER}; _completion_loader cftui; complete -p cftui; "
        f"COMP_WORDS=({' '.join(shlex.quote(w) for w in words)}); "
        f"COMP_CWORD={len(words) - 1}; _cftui; printf '%s\\n' \"${{COMPREPLY[@]}}\""
    )
    out = _shell(["bash", "--norc", "--noprofile", "-c", program], env).splitlines()
    assert out[0] == "complete -F _cftui cftui"  # loaded by bash-completion itself
    assert sorted(w for w in out[1:] if w) == offered


@pytest.mark.parametrize(("line", "offered"), CASES)
def test_zsh(home: Path, tmp_path: Path, line: str, offered: list[str]) -> None:
    _require("zsh")
    env = _env(home)
    functions = tmp_path / "zfunc"
    functions.mkdir()
    (functions / "_cftui").write_text(_script("zsh", env))
    words = shlex.split(line) + ([""] if line.endswith(" ") else [])
    # compadd works only inside the completion system's widgets: stand in for it and print
    program = (
        f"fpath=({functions} $fpath); autoload -Uz compinit && compinit -u -D; "
        "compadd() { while (( $# )) && [[ $1 != -- ]]; do shift; done; shift; local c; "
        'for c in "$@"; do [[ $c == ${PREFIX}* ]] && print -r -- $c; done }; '
        f"words=({' '.join(shlex.quote(w) for w in words)}); CURRENT={len(words)}; "
        "PREFIX=${words[CURRENT]}; "
        "autoload -Uz _cftui; _cftui; "
        'print -- "compdef=${_comps[cftui]}"'
    )
    out = _shell(["zsh", "-f", "-c", program], env).splitlines()
    assert out[-1] == "compdef=_cftui"  # compinit registered it from the #compdef line
    assert sorted(w for w in out[:-1] if w) == offered


@pytest.mark.parametrize(("line", "offered"), CASES)
def test_fish(home: Path, line: str, offered: list[str]) -> None:
    _require("fish")
    env = _env(home)
    env["XDG_CONFIG_HOME"] = str(home / ".config")
    target = home / ".config" / "fish" / "completions" / "cftui.fish"
    target.parent.mkdir(parents=True)
    target.write_text(_script("fish", env))  # where the README says to put it
    out = _shell(["fish", "-c", f"complete -C {shlex.quote(line)}"], env)
    assert sorted(row.split("\t")[0] for row in out.splitlines() if row) == offered


def test_every_option_of_every_command_is_completed(home: Path) -> None:
    """The scripts come from the parser: a new option needs no edit here to complete."""
    from cftui.cli.main import build_parser
    from cftui.commands.completion import describe

    top, commands = describe(build_parser())
    env = _env(home)
    scripts = {shell: _script(shell, env) for shell in ("bash", "zsh", "fish")}
    for command in commands:
        for option in command.options:
            for flag in option.flags:
                assert flag in scripts["bash"] and flag in scripts["zsh"], flag
                assert f"-l {flag[2:]}" in scripts["fish"], flag
    assert "--names" not in {f for o in top for f in o.flags}
    assert not any(
        "--profile" in o.flags for c in commands if c.name == "profiles" for o in c.options
    )


def _readme_completion_lines() -> list[str]:
    text = (REPO / "README.md").read_text("utf-8")
    block = text.split("### Shell completion", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line and not line.startswith("#")]


def test_the_readme_s_lines_work_in_a_fresh_home(home: Path) -> None:
    """Typed as they are into a new account (no completion directories, no ~/.zshrc): each
    shell then finds cftui's completion."""
    _require("bash", "zsh", "fish")
    env = _env(home)
    lines = _readme_completion_lines()
    assert len(lines) == 4 and all("cftui" in line or "compinit" in line for line in lines)
    for line in lines:
        subprocess.run(
            ["bash", "-c", line], env=env, check=True, timeout=60, stdin=subprocess.DEVNULL
        )
    bash_file = home / ".local/share/bash-completion/completions/cftui"
    assert "complete -F" in bash_file.read_text()
    assert "complete -c cftui" in (home / ".config/fish/completions/cftui.fish").read_text()
    loaded = subprocess.run(
        ["zsh", "-c", "source ~/.zshrc && print -r -- ${_comps[cftui]}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        stdin=subprocess.DEVNULL,
    )
    assert loaded.stdout.strip() == "_cftui", loaded.stderr
