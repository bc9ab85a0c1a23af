"""Command-line entry point: parse arguments, dispatch, turn errors into exit codes.

Only what every run needs is imported at module level: ``cftui whoami`` is typed many times
a day over SSH, so httpx, keyring, the profiles and (above all) Textual are imported only by
the command that needs them, and ``logging`` and ``traceback`` only with ``--debug``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from cftui.cli.grammar import COMMANDS
from cftui.cli.grammar import build_parser as build_parser
from cftui.cli.signals import Terminated, unwinding_on_hangup
from cftui.cli.streams import Streams, standard_streams
from cftui.core.errors import CftuiError, ExitCode, UsageError

if TYPE_CHECKING:
    from cftui.cli.context import Context


def report_error(error: CftuiError, *, debug: bool) -> None:
    """One or two plain sentences on stderr; ``--debug`` adds the detail and the cause."""
    print(f"cftui: {error.message}", file=sys.stderr)
    if error.hint:
        print(error.hint, file=sys.stderr)
    if debug:
        if error.detail:
            print(f"detail: {error.detail}", file=sys.stderr)
        cause = error.__cause__
        if cause is not None:
            print(f"cause: {type(cause).__module__}.{type(cause).__name__}", file=sys.stderr)


DEMO_COMMANDS = ("whoami", "status", "tokens", "invites")
"""The commands ``--demo`` serves from the embedded demo data (and the app)."""


def _run(args: argparse.Namespace, context: Context) -> int:
    command: str | None = args.command
    if getattr(args, "demo", False) and command not in (*DEMO_COMMANDS, None):
        raise UsageError(
            "--demo shows the embedded demo data in the app and in "
            + ", ".join(f"`cftui {name}`" for name in DEMO_COMMANDS)
            + f"; `cftui {command}` works on your own profiles only.",
            hint="Drop --demo.",
        )
    if command is None:
        from cftui.commands import tui

        return tui.run(args, context)
    return COMMANDS[command].run(args, context)


def main(argv: Sequence[str] | None = None, context: Context | None = None) -> int:
    """``cftui ARGV``; ``context`` (by default the real process's) is what the command gets."""
    with standard_streams() as streams:
        try:
            code = _main(argv, streams, context)
        except SystemExit as done:  # argparse: --help, --version, a usage error
            code = done.code if isinstance(done.code, int) else int(ExitCode.USAGE)
            raise SystemExit(_outcome(code, streams)) from None
        code = _outcome(code, streams)
    if code > 128 and _requests_left_behind():  # 128 + N: stopped by signal N
        # Threads still waiting on the network would be joined at exit, for as long as their
        # requests take: Ctrl-C and SIGTERM end the command now. Everything is written out.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code


def _requests_left_behind() -> bool:
    import threading

    from cftui.core.pools import THREAD_PREFIX

    return any(
        t.name.startswith(THREAD_PREFIX) and t.is_alive() and not t.daemon
        for t in threading.enumerate()
    )


def _outcome(code: int, streams: Streams) -> int:
    """The exit code: the command's own, unless it succeeded and its output was lost.

    A reader that closed the pipe early (``| head``) has what it wanted: not an error. Any
    other failure to write (a full disk, a closed stdout) is exit 1 with a message, as a
    script must not take missing output for success. A failing command keeps its own code.
    """
    streams.stdout.flush()
    failure = streams.stdout.failure
    if code != 0 or failure is None or streams.stdout.reader_left:
        return code
    reason = failure.strerror or str(failure)
    print(
        f"cftui: the command succeeded, but its output could not be written to standard "
        f"output: {reason}.",
        file=sys.stderr,
    )
    return int(ExitCode.INTERNAL)


def _main(argv: Sequence[str] | None, streams: Streams, context: Context | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if context is None:
        from cftui.cli.context import Context

        context = Context()
    debug = bool(getattr(args, "debug", False))
    if debug:
        import logging  # only for --debug: most commands log nothing

        logging.basicConfig(
            level=logging.WARNING, stream=sys.stderr, format="debug: %(name)s: %(message)s"
        )
        logging.getLogger("cftui").setLevel(logging.DEBUG)
    try:
        if args.command is None and streams.stderr.failure is not None:
            # The app draws on stderr; with it closed there is no screen (and no one to tell).
            raise UsageError("The interactive app needs a terminal.")
        if args.command is None:  # the app restores the terminal on its own
            return _run(args, context)
        from cftui.commands.passphrase_prompt import asking_for_passphrases

        with unwinding_on_hangup(), asking_for_passphrases():
            return _run(args, context)
    except CftuiError as error:
        report_error(error, debug=debug)
        return int(error.exit_code)
    except KeyboardInterrupt:
        print("cftui: interrupted.", file=sys.stderr)
        return 130
    except Terminated as stop:
        print(f"cftui: stopped by {stop.name}.", file=sys.stderr)
        return 128 + stop.signum
    except Exception as error:  # the last line of defence: never a traceback for a user
        print(f"cftui: internal error ({type(error).__name__}).", file=sys.stderr)
        print("Run again with --debug for details, and please report it.", file=sys.stderr)
        if debug:  # frames only: an unknown exception's text might quote a secret
            import traceback

            print("".join(traceback.format_tb(error.__traceback__)), file=sys.stderr)
        return int(ExitCode.INTERNAL)
