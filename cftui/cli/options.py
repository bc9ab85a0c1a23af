"""The options and words several commands share: ``--profile`` and ``--debug`` on both sides
of the command, ``--timeout``, and the credentials, examples and exit codes each help ends with.

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

CREDENTIALS = """\
credentials, in order: --profile NAME, CLOUDFLARE_API_TOKEN, CLOUDFLARE_EMAIL +
CLOUDFLARE_API_KEY, the default profile. Every variable cftui reads: `cftui help
environment`."""

EXIT_WORDS = {
    0: "ok",
    1: "internal error or output that could not be written",
    2: "usage (including a cancelled prompt)",
    3: "no credentials or unusable profile index",
    4: "rejected by Cloudflare",
    5: "network / rate limited / Cloudflare 5xx",
    6: "malformed response",
    7: "keyring unavailable",
}
"""What each exit code means (the README's "Exit codes"); a command may say it its way."""

SIGNALLED = "128+N stopped by signal N (130 Ctrl-C)"


def exit_codes(*codes: int, signals: bool = True, **words: str) -> str:
    """The ``exit codes:`` paragraph of a command's help: only the codes it can return, in
    the shared words unless ``words`` (``c3="…"``) says what one means for this command."""
    said = [f"{code} {words.get(f'c{code}', EXIT_WORDS[code])}" for code in codes]
    if signals:
        said.append(SIGNALLED)
    return "exit codes: " + "; ".join(said) + "."


def examples(*lines: str) -> str:
    """The ``examples:`` paragraph: one real command line a line, kept as typed."""
    return "examples:\n" + "\n".join(f"  {line}" for line in lines)


def epilog(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs)


EPILOG = epilog(
    CREDENTIALS,
    examples(
        "cftui --demo",
        "cftui login --profile work --default",
        "cftui --profile work",
        "CLOUDFLARE_API_TOKEN=… cftui whoami --json | jq .user.email",
    ),
    exit_codes(*EXIT_WORDS),
)
"""The end of ``cftui --help``."""


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
