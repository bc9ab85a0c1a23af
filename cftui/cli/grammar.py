"""The command line's grammar: the commands, in the order ``--help`` lists them, and the
top-level options; each command adds its own options and help (``grammar(commands)``).

Built on every run before anything else, so it imports only argparse, the words of the help
and the command modules, which import what they need only when they run.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Protocol

from cftui import __version__
from cftui.cli.argparsing import Parser
from cftui.cli.options import EPILOG, common
from cftui.commands import (
    completion,
    doctor,
    help_topics,
    invites,
    login,
    logout,
    profiles,
    status,
    tokens,
    whoami,
)

if TYPE_CHECKING:
    from cftui.cli.context import Context
    from cftui.cli.options import Commands


class Command(Protocol):
    """A module of ``cftui.commands``: its options and help, and what it does with them."""

    def grammar(self, commands: Commands) -> None: ...

    def run(self, args: argparse.Namespace, context: Context) -> int: ...


COMMANDS: dict[str, Command] = {
    "whoami": whoami,
    "login": login,
    "logout": logout,
    "invites": invites,
    "profiles": profiles,
    "status": status,
    "tokens": tokens,
    "doctor": doctor,
    "completion": completion,
    "help": help_topics,
}
"""``cftui NAME`` runs ``COMMANDS[NAME].run``; ``cftui`` alone starts the app."""


def build_parser() -> Parser:
    """Every run's parser; ``args.parser`` is the parser itself, for ``completion``."""
    parser = Parser(
        prog="cftui",
        description="Your Cloudflare user profile, organizations, roles and permissions, "
        "in the terminal. With no command, starts the interactive app.",
        epilog=EPILOG,
        parents=[common()],
    )
    parser.add_argument("--version", action="version", version=f"cftui {__version__}")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="embedded demo data instead of an account (no network, no keyring): "
        "the app, `cftui --demo whoami` or `cftui --demo invites`",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for command in COMMANDS.values():
        command.grammar(sub)
    parser.subcommands = dict(sub.choices)
    parser.set_defaults(parser=parser)
    return parser
