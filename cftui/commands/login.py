"""``cftui login``: read a credential safely, verify it, then save it.

Secrets come from hidden prompts or standard input, never from argv (argv is visible in
``ps`` and shell history). Nothing is saved until Cloudflare has accepted the credential,
so a failed login never replaces a working profile.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from cftui.cli.options import add_timeout, common, epilog, examples, exit_codes
from cftui.cli.streams import stdin_is_closed, stdin_is_terminal
from cftui.core.errors import KeyringUnavailableError, UsageError

if TYPE_CHECKING:
    from cftui.cli.context import Context
    from cftui.cli.options import Commands
    from cftui.core.credentials.kinds import Credential
    from cftui.core.credentials.profiles import ProfileStore

_NO_TTY_HINT = (
    "Pipe the secret instead: `cftui login --token-stdin < token.txt`, or "
    "`cftui login --email you@example.com --key-stdin < key.txt`."
)
MAX_STDIN_BYTES = 4096
"""A token or key is under 100 characters; more is the wrong file, not a secret to send."""


def grammar(commands: Commands) -> None:
    login = commands.add_parser(
        "login",
        parents=[common("save the credential as this profile (default: 'default')")],
        help="verify a credential and save it in the OS keyring",
        description="Verify a credential against GET /user, then save it in the OS keyring "
        "as a named profile (default: 'default'). --profile NAME adds a profile, or replaces "
        "that one once the new credential is accepted; `cftui profiles` lists them and "
        "`cftui logout --profile NAME` removes one. Without --token-stdin / --key-stdin it "
        "prompts with hidden input. Secrets are never accepted as arguments.",
        epilog=epilog(
            examples(
                "cftui login",
                "cftui login --profile work --default",
                "cftui login --profile ci --token-stdin < token.txt",
                "cftui login --email me@example.com --key-stdin < key.txt",
            ),
            exit_codes(
                0, 1, 2, 3, 4, 5, 6, 7, c2="usage (a malformed credential, a cancelled prompt)"
            ),
        ),
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
    add_timeout(login)


def _file_for(what: str) -> str:
    return "token.txt" if "token" in what else "key.txt"


def _read_stdin(what: str) -> str:
    """The secret piped in: all of standard input, which must be small UTF-8 text."""
    if stdin_is_closed():
        raise UsageError(
            f"Standard input is closed: there is no {what} to read.", hint=_NO_TTY_HINT
        )
    try:
        binary = getattr(sys.stdin, "buffer", None)
        if binary is not None:
            raw: bytes = binary.read(MAX_STDIN_BYTES + 1)
        else:  # a text-only stream, as when cftui is embedded
            raw = sys.stdin.read(MAX_STDIN_BYTES + 1).encode()
    except OSError as exc:
        raise UsageError(
            f"Could not read the {what} from standard input: {exc.strerror or exc}.",
            hint=_NO_TTY_HINT,
        ) from None
    if len(raw) > MAX_STDIN_BYTES:
        raise UsageError(
            f"Standard input holds more than {MAX_STDIN_BYTES // 1024} KiB, more than any "
            f"{what} could be; nothing was sent.",
            hint="Pipe only the secret, e.g. `cftui login --token-stdin < token.txt`.",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise UsageError(
            f"Standard input is not UTF-8 text, so it cannot be the {what}.", hint=_NO_TTY_HINT
        ) from None
    if not text.strip():
        where = "was empty" if not raw else "was empty (only blank space)"
        raise UsageError(
            f"Standard input {where}: there is no {what} to read; nothing was sent.",
            hint=f"Redirect a file that holds only the {what} (`< {_file_for(what)}`), or run "
            "`cftui login` without --token-stdin / --key-stdin to be asked for it.",
        )
    return text


def _ask(prompt: str) -> str:
    """A visible answer; the prompt goes to stderr, so that stdout stays clean for scripts."""
    print(prompt, end="", file=sys.stderr, flush=True)
    line = sys.stdin.readline()
    if not line:
        raise EOFError
    return line.rstrip("\r\n")


def _prompt_credential(email: str | None) -> Credential:
    import getpass

    from cftui.core.credentials.kinds import make_global_key, make_token
    from cftui.core.redact import mask_secret_runs

    if not stdin_is_terminal():
        raise UsageError("There is no terminal to prompt on.", hint=_NO_TTY_HINT)
    try:
        if email is None:
            from cftui.core.token_permissions import create_token_advice

            print(
                "Log in with an API token (recommended) or a legacy Global API key.\n"
                + create_token_advice(),
                file=sys.stderr,
            )
            choice = _ask("Credential type, [t]oken or [g]lobal key? [t] ").strip().lower()
            if choice in ("g", "global", "key", "global key"):
                email = _ask("Email of your Cloudflare login: ")
            elif choice not in ("", "t", "token"):
                shown = mask_secret_runs(repr(choice[:40]))
                raise UsageError(f"Unknown choice {shown}.", hint="Answer t or g.")
        if email is None:
            return make_token(getpass.getpass("API token (input hidden): ", stream=sys.stderr))
        secret = getpass.getpass("Global API key (input hidden): ", stream=sys.stderr)
        return make_global_key(email, secret)
    except EOFError:
        print(file=sys.stderr)  # end the prompt's line
        raise UsageError(
            "Login cancelled: the input ended (Ctrl-D) before a credential was given.",
            hint="Run `cftui login` again, or pipe the secret with --token-stdin.",
        ) from None


def _check_keyring(store: ProfileStore, name: str) -> None:
    """Can the keyring keep the secret? Asked before the secret is: a missing, locked or
    failing keyring (or an encrypted file without its passphrase) is said at once, with the
    choices, instead of after the secret was typed and verified."""
    from cftui.commands.keyring_help import keyring_next_step
    from cftui.core.credentials.keyring_backend import BackendChoice, current_choice
    from cftui.core.credentials.keyring_check import keyring_turns
    from cftui.core.problems import reworded

    # nothing is stored yet, nor asked for: "could not store the secret" would say otherwise
    action = f"open the keyring to save profile {name!r} before asking for its secret"
    choice: BackendChoice | None = None
    try:
        choice = current_choice()
        if choice.disabled:
            raise KeyringUnavailableError(
                f"Could not {action}: the keyring is disabled ({choice.name} keeps nothing)."
            )
        with keyring_turns(store.path):  # a file-based keyring is not read mid-write
            store.keystore.prepare(writing=True)
            store.keystore.get(name, action=action)
    except KeyringUnavailableError as exc:
        raise reworded(exc, hint=keyring_next_step(exc, choice)) from exc.__cause__


def run(args: argparse.Namespace, context: Context) -> int:
    from cftui.cli.progress import checking
    from cftui.core.credentials.kinds import make_global_key, make_token
    from cftui.core.credentials.profile_index import check_profile_name

    name = check_profile_name(getattr(args, "profile", None) or "default")
    email: str | None = args.email
    if args.key_stdin and not email:
        raise UsageError("--key-stdin needs --email.", hint="Add --email you@example.com.")
    if args.token_stdin and email:
        raise UsageError(
            "--email goes with a Global API key, not a token.",
            hint="Use --key-stdin with --email, or drop --email.",
        )
    context.base_url()  # a malformed CLOUDFLARE_BASE_URL fails before a secret is asked for
    store = context.profile_store()
    # The index first: a corrupt or unreadable one fails now, not after a verified request.
    existed = any(p.name == name for p in store.list_profiles())
    _check_keyring(store, name)  # before any secret is asked for
    if args.token_stdin:
        credential: Credential = make_token(_read_stdin("API token"))
    elif args.key_stdin:
        assert email is not None
        credential = make_global_key(email, _read_stdin("Global API key"))
    else:
        credential = _prompt_credential(email)

    with (
        checking("Checking the credential with Cloudflare…"),
        context.client(credential, args.timeout) as client,
    ):
        response = client.get_user()
    user = response.user
    verified = (_recordable(user.email), context.utc_now().date().isoformat())
    store.save(name, credential, make_default=args.default, verified=verified)
    verb = "Updated" if existed else "Saved"
    print(f"Logged in as {user.display_name} ({user.id or 'no id'}).")
    print(f"{verb} profile '{name}' ({credential.describe()}) in {_place()}.")
    if store.default_name() == name:
        print(f"'{name}' is the default profile.")
    _warn_if_env_wins(context, name)
    return 0


def _place() -> str:
    from cftui.core.credentials.keyring_backend import current_place

    return current_place()


def _recordable(email: str | None) -> str | None:
    """The email of the ``/user`` answer, if it is one to keep: API text is untrusted, and
    the index is printed by ``cftui profiles``."""
    if email is None or not 0 < len(email) <= 254 or not email.isprintable():
        return None
    return email


def _warn_if_env_wins(context: Context, name: str) -> None:
    """A credential in the environment beats the default profile: say so, or the next
    ``cftui whoami`` answers for an account the user did not just log in to."""
    from cftui.core.credentials.env import EMAIL_VAR, KEY_VAR, TOKEN_VAR, env_value

    if env_value(context.env, TOKEN_VAR):
        variable = TOKEN_VAR
    elif env_value(context.env, EMAIL_VAR) and env_value(context.env, KEY_VAR):
        variable = f"{EMAIL_VAR} + {KEY_VAR}"
    else:
        return
    print(
        f"cftui: warning: {variable} is set in the environment and takes precedence over "
        f"profile '{name}' for commands run without --profile.",
        file=sys.stderr,
    )
