"""The command line's grammar: commands, options, help and exit codes in the epilog.

Built on every run before anything else, so it imports only argparse and the words of its
help; what a command needs comes with the command (``cftui.cli.main``).
"""

from __future__ import annotations

import argparse

from cftui import __version__
from cftui.cli.argparsing import Parser
from cftui.commands.doctor.help import DOCTOR_DESCRIPTION, DOCTOR_EPILOG

_EPILOG = """\
credentials, in order: --profile NAME, CLOUDFLARE_API_TOKEN, CLOUDFLARE_EMAIL +
CLOUDFLARE_API_KEY, the default profile.

exit codes: 0 ok, 1 internal error or output that could not be written, 2 usage
(including a cancelled prompt), 3 no credentials or unusable profile index, 4 rejected
by Cloudflare, 5 network / rate limited / Cloudflare 5xx, 6 malformed response,
7 keyring unavailable.
"""


def _common(profile_help: str = "use this saved profile") -> Parser:
    """Options accepted both before and after the subcommand (``cftui --profile w whoami``)."""
    common = Parser(add_help=False)
    common.add_argument("--profile", metavar="NAME", default=argparse.SUPPRESS, help=profile_help)
    common.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="log requests and error details to stderr (never secrets)",
    )
    return common


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.1 <= value <= 600:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds from 0.1 to 600")
    return value


def _add_timeout(parser: argparse.ArgumentParser, default: float = 20.0) -> None:
    parser.add_argument(
        "--timeout",
        metavar="SECONDS",
        type=_seconds,
        default=default,
        help=f"give up after this long, for the whole command: every request and retry "
        f"(default: {default:g})",
    )


def build_parser() -> Parser:
    parser = Parser(
        prog="cftui",
        description="Your Cloudflare user profile, organizations, roles and permissions, "
        "in the terminal. With no command, starts the interactive app.",
        epilog=_EPILOG,
        parents=[_common()],
    )
    parser.add_argument("--version", action="version", version=f"cftui {__version__}")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="embedded demo data instead of an account (no network, no keyring): "
        "the app, or `cftui --demo whoami`",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    whoami = sub.add_parser(
        "whoami",
        parents=[_common()],
        help="print who the credentials belong to",
        description="Print who the credentials belong to: the user, the token's health "
        "and where the credential came from.",
        epilog=_EPILOG,
    )
    whoami.add_argument("--json", action="store_true", help="print JSON for scripts")
    whoami.add_argument(
        "--demo",
        action="store_true",
        default=argparse.SUPPRESS,
        help="the embedded demo user instead of an account",
    )
    whoami.add_argument(
        "--policies",
        action="store_true",
        help="with --json: each account's policies too (one more request per account)",
    )
    _add_timeout(whoami)

    login = sub.add_parser(
        "login",
        parents=[_common("save the credential as this profile (default: 'default')")],
        help="verify a credential and save it in the OS keyring",
        description="Verify a credential against GET /user, then save it in the OS keyring "
        "as a named profile (default: 'default'). Without --token-stdin / --key-stdin it "
        "prompts with hidden input. Secrets are never accepted as arguments.",
    )
    source = login.add_mutually_exclusive_group()
    source.add_argument(
        "--token-stdin", action="store_true", help="read an API token from standard input"
    )
    source.add_argument(
        "--key-stdin",
        action="store_true",
        help="read a Global API key from standard input (needs --email)",
    )
    login.add_argument("--email", metavar="E", help="email for a Global API key login")
    login.add_argument("--default", action="store_true", help="make this the default profile")
    _add_timeout(login)

    sub.add_parser(
        "logout",
        parents=[_common("remove this profile (default: the default profile)")],
        help="remove a profile and delete its secret from the keyring",
    )

    from cftui.commands.invites import configure as configure_invites

    invites = sub.add_parser(
        "invites",
        parents=[_common()],
        help="list pending invitations to accounts; accept or decline one",
        description="List the invitations waiting for your answer, or answer one: "
        "`cftui invites accept ID` / `cftui invites decline ID` (asks first; --yes when "
        "there is no terminal to ask on).",
    )
    configure_invites(invites)
    _add_timeout(invites)

    profiles = sub.add_parser(
        "profiles", parents=[_common(argparse.SUPPRESS)], help="list saved profiles"
    )
    profiles.add_argument("--json", action="store_true", help="print JSON for scripts")
    profiles.add_argument(
        "--names", action="store_true", help="print only the names, one a line (for scripts)"
    )
    profiles.add_argument("--set-default", metavar="NAME", help="make NAME the default profile")
    doctor = sub.add_parser(
        "doctor",
        parents=[_common("check this saved profile")],
        help="check the keyring, the profile index, the credential and the API",
        description=DOCTOR_DESCRIPTION,
        epilog=DOCTOR_EPILOG,
    )
    doctor.add_argument("--json", action="store_true", help="print JSON for scripts")
    _add_timeout(doctor, default=10.0)

    completion = sub.add_parser(
        "completion",
        help="print a shell completion script (bash, zsh or fish)",
        description="Print a completion script for commands, options and profile names "
        "(read from the profile index, never the keyring). Install it with, for bash: "
        "cftui completion bash > ~/.local/share/bash-completion/completions/cftui",
    )
    completion.add_argument("shell", choices=("bash", "zsh", "fish"))
    parser.subcommands = dict(sub.choices)
    return parser
