"""Command-line entry point: parse arguments, dispatch, turn errors into exit codes.

Only the standard library is imported at module level: ``cftui whoami`` is typed many times
a day over SSH, so httpx, keyring and (above all) Textual are imported only by the command
that needs them.
"""

from __future__ import annotations

import argparse
import logging
import sys
import traceback
from collections.abc import Sequence

from cftui import __version__
from cftui.argparsing import Parser
from cftui.commands.doctor_help import DOCTOR_DESCRIPTION, DOCTOR_EPILOG
from cftui.core.errors import CftuiError, ExitCode, UsageError
from cftui.streams import Streams, standard_streams
from cftui.unwind import Terminated, unwinding_on_hangup

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
        help=f"give up on a request after this long (default: {default:g})",
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


def _run(args: argparse.Namespace) -> int:
    command = args.command
    profile: str | None = getattr(args, "profile", None)
    demo = bool(getattr(args, "demo", False))
    if demo and command not in (None, "whoami"):
        raise UsageError(
            f"--demo shows the embedded demo data in the app and in `cftui whoami`; "
            f"`cftui {command}` works on your own profiles only.",
            hint="Drop --demo.",
        )
    if command == "whoami":
        from cftui.commands.whoami import run_whoami

        return run_whoami(
            profile=profile,
            as_json=args.json,
            timeout=args.timeout,
            demo=demo,
            policies=args.policies,
        )
    if command == "login":
        from cftui.commands.login import run_login

        return run_login(
            profile=profile,
            token_stdin=args.token_stdin,
            key_stdin=args.key_stdin,
            email=args.email,
            make_default=args.default,
            timeout=args.timeout,
        )
    if command == "logout":
        from cftui.commands.profiles import run_logout

        return run_logout(profile=profile)
    if command == "invites":
        from cftui.commands.invites import run_invites

        return run_invites(
            profile=profile,
            action=args.action,
            wanted=args.id,
            yes=args.yes,
            as_json=args.json,
            timeout=args.timeout,
        )
    if command == "doctor":
        from cftui.commands.doctor import run_doctor

        return run_doctor(profile=profile, as_json=args.json, timeout=args.timeout)
    if command == "completion":
        from cftui.commands.completion import run_completion

        return run_completion(args.shell)
    if command == "profiles":
        from cftui.commands.profiles import run_profiles

        return run_profiles(as_json=args.json, set_default=args.set_default, names=args.names)
    from cftui.commands.tui import run_tui

    if not demo:
        from cftui.commands.passphrase_prompt import open_keyring_for_the_app

        open_keyring_for_the_app(profile)
    return run_tui(profile=profile, demo=demo)


def main(argv: Sequence[str] | None = None) -> int:
    with standard_streams() as streams:
        try:
            code = _main(argv, streams)
        except SystemExit as done:  # argparse: --help, --version, a usage error
            code = done.code if isinstance(done.code, int) else int(ExitCode.USAGE)
            raise SystemExit(_outcome(code, streams)) from None
        return _outcome(code, streams)


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


def _main(argv: Sequence[str] | None, streams: Streams) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    debug = bool(getattr(args, "debug", False))
    if debug:
        logging.basicConfig(
            level=logging.WARNING, stream=sys.stderr, format="debug: %(name)s: %(message)s"
        )
        logging.getLogger("cftui").setLevel(logging.DEBUG)
    try:
        if args.command is None and streams.stderr.failure is not None:
            # The app draws on stderr; with it closed there is no screen (and no one to tell).
            raise UsageError("The interactive app needs a terminal.")
        if args.command is None:  # the app restores the terminal on its own
            return _run(args)
        from cftui.commands.passphrase_prompt import asking_for_passphrases

        with unwinding_on_hangup(), asking_for_passphrases():
            return _run(args)
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
            print("".join(traceback.format_tb(error.__traceback__)), file=sys.stderr)
        return int(ExitCode.INTERNAL)
