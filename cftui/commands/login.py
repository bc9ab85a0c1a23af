"""``cftui login``: read a credential safely, verify it, then save it.

Secrets come from hidden prompts or standard input, never from argv (argv is visible in
``ps`` and shell history). Nothing is saved until Cloudflare has accepted the credential,
so a failed login never replaces a working profile.
"""

from __future__ import annotations

import getpass
import os
import sys
from typing import TYPE_CHECKING

from cftui.core.credentials import make_global_key, make_token
from cftui.core.errors import UsageError

if TYPE_CHECKING:
    from cftui.core.credentials import Credential

_NO_TTY_HINT = (
    "Pipe the secret instead: `cftui login --token-stdin < token.txt`, or "
    "`cftui login --email you@example.com --key-stdin < key.txt`."
)


def _read_stdin() -> str:
    data = sys.stdin.read(64 * 1024)
    return data


def _prompt_credential(email: str | None) -> Credential:
    if not sys.stdin.isatty():
        raise UsageError("There is no terminal to prompt on.", hint=_NO_TTY_HINT)
    if email is None:
        print(
            "Log in with an API token (recommended) or a legacy Global API key.\n"
            "Create a token at My Profile → API Tokens with User → User Details → Read.",
            file=sys.stderr,
        )
        choice = input("Credential type, [t]oken or [g]lobal key? [t] ").strip().lower()
        if choice in ("g", "global", "key", "global key"):
            email = input("Email of your Cloudflare login: ")
        elif choice not in ("", "t", "token"):
            raise UsageError(f"Unknown choice {choice[:20]!r}.", hint="Answer t or g.")
    if email is None:
        return make_token(getpass.getpass("API token (input hidden): "))
    return make_global_key(email, getpass.getpass("Global API key (input hidden): "))


def run_login(
    *,
    profile: str | None,
    token_stdin: bool,
    key_stdin: bool,
    email: str | None,
    make_default: bool,
    timeout: float = 20.0,
) -> int:
    from cftui.commands.whoami import fetch_user
    from cftui.core.config import check_profile_name
    from cftui.core.network import base_url_from_env
    from cftui.core.profiles import ProfileStore

    name = check_profile_name(profile or "default")
    if key_stdin and not email:
        raise UsageError("--key-stdin needs --email.", hint="Add --email you@example.com.")
    if token_stdin and email:
        raise UsageError(
            "--email goes with a Global API key, not a token.",
            hint="Use --key-stdin with --email, or drop --email.",
        )
    base_url = base_url_from_env(os.environ)
    if token_stdin:
        credential: Credential = make_token(_read_stdin())
    elif key_stdin:
        assert email is not None
        credential = make_global_key(email, _read_stdin())
    else:
        credential = _prompt_credential(email)

    store = ProfileStore()
    # The index first: a corrupt or unreadable one fails now, not after a verified request.
    existed = any(p.name == name for p in store.list_profiles())
    response = fetch_user(credential, base_url, timeout)
    store.save(name, credential, make_default=make_default)
    user = response.user
    verb = "Updated" if existed else "Saved"
    print(f"Logged in as {user.display_name} ({user.id or 'no id'}).")
    print(f"{verb} profile '{name}' ({credential.describe()}) in the OS keyring.")
    if store.default_name() == name:
        print(f"'{name}' is the default profile.")
    return 0
