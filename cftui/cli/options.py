"""The options and words several commands share: ``--profile`` and ``--debug`` on both sides
of the command, ``--timeout``, and the credentials and exit codes the help ends with.

Imported by every command's grammar on every run, so it imports only argparse.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from cftui.cli.argparsing import Parser

if TYPE_CHECKING:
    from typing import TypeAlias

    Commands: TypeAlias = argparse._SubParsersAction[Parser]
    """Where a command's grammar adds its subparser (``cftui COMMAND``)."""

EPILOG = """\
credentials, in order: --profile NAME, CLOUDFLARE_API_TOKEN, CLOUDFLARE_EMAIL +
CLOUDFLARE_API_KEY, the default profile.

exit codes: 0 ok, 1 internal error or output that could not be written, 2 usage
(including a cancelled prompt), 3 no credentials or unusable profile index, 4 rejected
by Cloudflare, 5 network / rate limited / Cloudflare 5xx, 6 malformed response,
7 keyring unavailable.
"""


def common(profile_help: str = "use this saved profile") -> Parser:
    """Options accepted both before and after the subcommand (``cftui --profile w whoami``)."""
    options = Parser(add_help=False)
    options.add_argument("--profile", metavar="NAME", default=argparse.SUPPRESS, help=profile_help)
    options.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="log requests and error details to stderr (never secrets)",
    )
    return options


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.1 <= value <= 600:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds from 0.1 to 600")
    return value


def add_timeout(parser: argparse.ArgumentParser, default: float = 20.0) -> None:
    parser.add_argument(
        "--timeout",
        metavar="SECONDS",
        type=_seconds,
        default=default,
        help=f"give up after this long, for the whole command: every request and retry "
        f"(default: {default:g})",
    )
