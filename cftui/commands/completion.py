"""``cftui completion bash|zsh|fish``: a completion script, written from the parser itself.

Commands, their options and the values some of them take come from ``build_parser()``, so a
new option completes without anyone remembering to add it here. Profile names come from
``cftui profiles --names``, which reads the profile index only: completing never touches the
keyring (no unlock prompt, no D-Bus wait on a tab press).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, NamedTuple

from cftui.cli.options import epilog, examples, exit_codes

if TYPE_CHECKING:
    from cftui.cli.context import Context
    from cftui.cli.options import Commands

SHELLS = ("bash", "zsh", "fish")
PROFILE_DESTS = frozenset({"profile", "set_default"})
PROFILE_VERBS = (("profiles", "switch"),)
"""(command, word) after which a profile name comes: ``cftui profiles switch NAME``."""
INSTALL = {
    "bash": "mkdir -p ~/.local/share/bash-completion/completions && "
    "cftui completion bash > ~/.local/share/bash-completion/completions/cftui",
    "zsh": "mkdir -p ~/.zfunc && cftui completion zsh > ~/.zfunc/_cftui",
    "fish": "mkdir -p ~/.config/fish/completions && "
    "cftui completion fish > ~/.config/fish/completions/cftui.fish",
}
"""The README's lines: a fresh account has none of these directories."""
ZSHRC = "printf '%s\\n' 'fpath=(~/.zfunc $fpath)' 'autoload -Uz compinit && compinit' >> ~/.zshrc"
"""Once, for zsh: a fresh ~/.zshrc neither looks in ~/.zfunc nor starts completion."""


class Option(NamedTuple):
    flags: tuple[str, ...]
    help: str
    takes_value: bool
    profile: bool


class Command(NamedTuple):
    name: str
    help: str
    options: tuple[Option, ...]
    choices: tuple[str, ...]  # positional values (``completion bash``)


def _options(parser: argparse.ArgumentParser) -> tuple[Option, ...]:
    found = []
    for action in parser._actions:
        flags = tuple(s for s in action.option_strings if s.startswith("--"))
        if flags and action.help != argparse.SUPPRESS:  # hidden options stay hidden
            help_text = str(action.help or "")
            found.append(Option(flags, help_text, action.nargs != 0, action.dest in PROFILE_DESTS))
    return tuple(found)


def describe(parser: argparse.ArgumentParser) -> tuple[tuple[Option, ...], tuple[Command, ...]]:
    """The top-level options and every command, as the scripts need them."""
    commands = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: str(a.help or "") for a in action._choices_actions}
            for name, sub in action.choices.items():
                choices = tuple(
                    str(c)
                    for a in sub._actions
                    if not a.option_strings
                    for c in a.choices or getattr(a, "words", ())
                )
                commands.append(Command(name, helps.get(name, ""), _options(sub), choices))
    return _options(parser), tuple(commands)


def grammar(commands: Commands) -> None:
    completion = commands.add_parser(
        "completion",
        help="print a shell completion script (bash, zsh or fish)",
        description="Print a completion script for commands, options and profile names "
        "(read from the profile index, never the keyring). The examples install it; zsh "
        "also needs, once, `fpath=(~/.zfunc $fpath)` and `autoload -Uz compinit && compinit` "
        "in ~/.zshrc (a fresh one has neither; the script's second line adds both).",
        epilog=epilog(
            examples(INSTALL["bash"], INSTALL["zsh"], INSTALL["fish"]),
            exit_codes(0, 1, 2, signals=False, c2="usage (an unknown shell)"),
        ),
    )
    completion.add_argument("shell", choices=SHELLS)


def run(args: argparse.Namespace, context: Context) -> int:
    """The script for ``args.shell``, from ``args.parser``: the parser that read the command
    line (importing the grammar here would make the grammar and its commands a circle)."""
    from cftui.core.errors import UsageError

    shell: str = args.shell
    if shell not in SHELLS:
        raise UsageError(
            f"No completion for {shell!r}.", hint=f"Choose one of {', '.join(SHELLS)}."
        )
    top, commands = describe(args.parser)
    script = {"bash": bash, "zsh": zsh, "fish": fish}[shell](top, commands)
    print(script)
    return 0


def _words(options: tuple[Option, ...]) -> str:
    return " ".join(f for o in options for f in o.flags)


def _valued(options: tuple[Option, ...], *, profile: bool) -> list[str]:
    return sorted({f for o in options if o.takes_value and o.profile == profile for f in o.flags})


def _all_options(top: tuple[Option, ...], commands: tuple[Command, ...]) -> list[Option]:
    return [*top, *(o for c in commands for o in c.options)]


def bash(top: tuple[Option, ...], commands: tuple[Command, ...]) -> str:
    import shlex

    everything = tuple(_all_options(top, commands))
    profile_opts = "|".join(_valued(everything, profile=True)) or "--profile"
    value_opts = "|".join(_valued(everything, profile=False)) or "--never"
    names = " ".join(c.name for c in commands)
    verbs = "".join(
        f"    [[ $cmd == {command} && $prev == {word} ]] && prev={profile_opts.split('|')[0]}\n"
        for command, word in PROFILE_VERBS
    )
    cases = "\n".join(
        f"        {c.name}) words={shlex.quote(_words(c.options))}"
        + (f"; [[ $cur == -* ]] || words={shlex.quote(' '.join(c.choices))}" if c.choices else "")
        + " ;;"
        for c in commands
    )
    return f"""\
# bash completion for cftui. Install: {INSTALL["bash"]}
_cftui() {{
    local cur=${{COMP_WORDS[COMP_CWORD]}} prev=${{COMP_WORDS[COMP_CWORD-1]}}
    local cmd="" words="" i
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${{COMP_WORDS[i]}} in
            {profile_opts}|{value_opts}) ((i++)) ;;
            -*) ;;
            *) cmd=${{COMP_WORDS[i]}}; break ;;
        esac
    done
{verbs}    case $prev in
        {profile_opts})
            COMPREPLY=($(compgen -W "$("${{COMP_WORDS[0]}}" profiles --names 2>/dev/null)" \\
                -- "$cur"))
            return ;;
        {value_opts}) COMPREPLY=(); return ;;
    esac
    case $cmd in
        "")
            if [[ $cur == -* ]]; then words={shlex.quote(_words(top))}
            else words={shlex.quote(names)}; fi ;;
{cases}
    esac
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
}}
complete -F _cftui cftui"""


def _zsh_quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def _zsh_described(pairs: list[tuple[str, str]]) -> str:
    """``candidates=(…) shown=(…)``: the words, and the same words with their descriptions
    (``whoami  -- print who…``), in one order, for ``compadd -l -d shown``."""
    width = max((len(word) for word, _ in pairs), default=0)
    words = " ".join(word for word, _ in pairs)
    shown = " ".join(
        _zsh_quote(f"{word:<{width}}  -- {help}" if help else word) for word, help in pairs
    )
    return f"candidates=({words}) shown=({shown})"


def _zsh_options(options: tuple[Option, ...]) -> str:
    return _zsh_described([(flag, o.help) for o in options for flag in o.flags])


def zsh(top: tuple[Option, ...], commands: tuple[Command, ...]) -> str:
    everything = tuple(_all_options(top, commands))
    profile_opts = "|".join(_valued(everything, profile=True)) or "--profile"
    value_opts = "|".join(_valued(everything, profile=False)) or "--never"
    names = _zsh_described([(c.name, c.help) for c in commands])
    verbs = "".join(
        f"    [[ $cmd == {command} && $prev == {word} ]] && prev={profile_opts.split('|')[0]}\n"
        for command, word in PROFILE_VERBS
    )
    cases = "\n".join(
        f"        ({c.name}) {_zsh_options(c.options)}"
        + (
            f"\n            [[ $cur == -* ]] || {{ candidates=({' '.join(c.choices)}); shown=() }}"
            if c.choices
            else ""
        )
        + " ;;"
        for c in commands
    )
    return f"""\
#compdef cftui
# zsh completion for cftui. Install: {INSTALL["zsh"]}
# and once (a fresh ~/.zshrc starts no completion): {ZSHRC}
_cftui() {{
    local cur=${{words[CURRENT]}} prev=${{words[CURRENT-1]}} cmd="" i
    local -a candidates shown
    for ((i = 2; i < CURRENT; i++)); do
        case ${{words[i]}} in
            ({profile_opts}|{value_opts}) ((i++)) ;;
            (-*) ;;
            (*) cmd=${{words[i]}}; break ;;
        esac
    done
{verbs}    case $prev in
        ({profile_opts})
            candidates=(${{(f)"$(${{words[1]}} profiles --names 2>/dev/null)"}})
            compadd -- $candidates
            return ;;
        ({value_opts}) return 1 ;;
    esac
    case $cmd in
        ("")
            if [[ $cur == -* ]]; then {_zsh_options(top)}
            else {names}; fi ;;
{cases}
    esac
    if (( $#shown )); then
        compadd -l -d shown -- $candidates  # each with what it does, one a line
    else
        compadd -- $candidates
    fi
}}
if [[ ${{zsh_eval_context[-1]}} == loadautofunc ]]; then
    _cftui "$@"
else
    compdef _cftui cftui
fi"""


def _fish_quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _fish_option(option: Option, condition: str) -> str:
    parts = ["complete -c cftui"]
    if condition:
        parts.append(f"-n {_fish_quote(condition)}")
    parts.extend(f"-l {flag[2:]}" for flag in option.flags)
    if option.profile:
        parts.append("-x -a '(cftui profiles --names 2>/dev/null)'")
    elif option.takes_value:
        parts.append("-x")
    if option.help:
        parts.append(f"-d {_fish_quote(option.help)}")
    return " ".join(parts)


def fish(top: tuple[Option, ...], commands: tuple[Command, ...]) -> str:
    lines = [f"# fish completion for cftui. Install: {INSTALL['fish']}", "complete -c cftui -f"]
    for command in commands:
        lines.append(
            f"complete -c cftui -n __fish_use_subcommand -a {command.name} "
            f"-d {_fish_quote(command.help)}"
        )
    lines.extend(_fish_option(o, "__fish_use_subcommand") for o in top)
    for command in commands:
        seen = f"__fish_seen_subcommand_from {command.name}"
        lines.extend(_fish_option(o, seen) for o in command.options)
        if command.choices:  # once one is given, not offered again
            words = " ".join(command.choices)
            first = f"{seen}; and not __fish_seen_subcommand_from {words}"
            lines.append(f"complete -c cftui -n {_fish_quote(first)} -a '{words}'")
    for command_name, word in PROFILE_VERBS:
        after = f"__fish_seen_subcommand_from {command_name}; and __fish_prev_arg_in {word}"
        names = "'(cftui profiles --names 2>/dev/null)'"
        lines.append(f"complete -c cftui -n {_fish_quote(after)} -x -a {names}")
    return "\n".join(lines)
