"""``cftui tokens roll ID [--yes]``: a new secret for a token, put where the old one was kept.

Before anything is sent: a terminal to ask on, or ``--yes`` (exit 2 otherwise). Then the
token is named (``GET /user/tokens/ID``), and every API token the user keeps (each stored
token profile, and ``CLOUDFLARE_API_TOKEN``) is verified, concurrently, to find the ones that
are this token. The question names the token, says the old value stops working at once and
where the new one will go. After the roll (``core.tokens.roll``):

- a stored profile held it: the keyring entry is replaced (trial write, write, read back),
  the new secret verified, and nothing secret printed;
- none held it: the new secret is the only line on stdout, with a note on stderr that it is
  the only copy;
- ``CLOUDFLARE_API_TOKEN`` held it: printed the same way, and stderr says to update it;
- storing failed: printed the same way, with a warning, exit 7; the profile's entry is as it
  was (holding the old, now dead, value).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from cftui.core.errors import CftuiError, ExitCode, UsageError

if TYPE_CHECKING:
    from cftui.cli.context import Context
    from cftui.core.api.client import SyncCloudflareClient
    from cftui.core.credentials.kinds import ApiToken
    from cftui.core.credentials.profiles import ProfileStore
    from cftui.core.tokens.holders import Candidate, HolderSearch, VerifyId
    from cftui.core.tokens.roll import RollOutcome

NAME_LIMIT = 60


def run(args: argparse.Namespace, context: Context, *, demo: bool) -> int:
    from cftui.cli.streams import stdin_is_terminal

    wanted: str | None = args.id
    if not wanted:
        raise UsageError("Which token? `cftui tokens roll ID`; `cftui tokens` lists the ids.")
    if args.json:
        raise UsageError("--json lists tokens; `tokens roll` prints only a new secret, if any.")
    if demo:
        raise UsageError(
            "The demo cannot roll tokens: its tokens are examples, and a roll would have to "
            "pretend to make a secret.",
            hint="Run `cftui tokens roll ID` with your own credentials.",
        )
    ask = not args.yes
    if ask and not stdin_is_terminal():
        raise UsageError(
            "Not rolling without a confirmation: standard input is not a terminal to ask on.",
            hint="Add --yes to roll the token without being asked.",
        )
    from cftui.commands.resolving import resolve

    resolved = resolve(getattr(args, "profile", None), context)
    for note in resolved.notes:
        print(f"cftui: note: {note}", file=sys.stderr)
    with context.client(resolved.credential, args.timeout) as client:
        name = _name(client, wanted)
    store, search = _holders(wanted, context, args.timeout)
    for source, why in search.unchecked:  # before the question: it may change the answer
        _say(
            f"note: {source} could not be checked ({why}); if it holds this token, it will "
            "hold the old value, which stops working."
        )
    if ask and not _confirm(name, search):
        raise UsageError("Nothing was rolled.", hint="Answer y to go ahead, or pass --yes.")
    from cftui.core.tokens.roll import roll_sync, store_rolled

    # A client of its own: --timeout counts from here, not from before the question.
    with context.client(resolved.credential, args.timeout) as client:
        secret = roll_sync(client, wanted, name)

    outcome = store_rolled(secret, wanted, search, store, _verifier(context, args.timeout))
    return _report(outcome, name)


def _name(client: SyncCloudflareClient, token_id: str) -> str:
    """``token 'CI deploys' (id)``; just the id when the token may not be read (a token
    with API Tokens Write but not Read can still roll)."""
    from cftui.core.errors import ApiError
    from cftui.core.text import shorten
    from cftui.core.tokens.words import roll_words

    plain = f"token {token_id}"
    try:
        found = client.get_token(token_id).result
    except ApiError as error:
        if error.status == 404:
            raise roll_words(error, plain, token_id) from None
        return plain
    if not found.name:
        return plain
    return f"token {shorten(found.name, NAME_LIMIT)!r} ({token_id})"


def _candidates(
    context: Context,
) -> tuple[ProfileStore | None, list[Candidate], list[tuple[str, str]]]:
    """Every API token the user keeps: the environment's, and each stored token profile."""
    from cftui.core.credentials.env import TOKEN_VAR, from_env
    from cftui.core.credentials.kinds import ApiToken
    from cftui.core.tokens.holders import Candidate

    found: list[Candidate] = []
    unchecked: list[tuple[str, str]] = []
    env = from_env(context.env)
    if env is not None and isinstance(env.credential, ApiToken):
        found.append(Candidate(f"env {TOKEN_VAR}", None, env.credential))
    store = None
    try:
        store = context.profile_store()
        profiles = [p.name for p in store.list_profiles() if p.kind == "token"]
    except CftuiError as error:
        unchecked.append(("the stored profiles", error.message))
        return store, found, unchecked
    for profile in profiles:
        try:
            credential = store.load(profile)
        except CftuiError as error:
            unchecked.append((f"profile {profile}", error.message))
            continue
        if isinstance(credential, ApiToken):
            found.append(Candidate(f"profile {profile}", profile, credential))
    return store, found, unchecked


def _verifier(context: Context, timeout: float) -> VerifyId:
    """The id ``/user/tokens/verify`` answers for a credential, with a client of its own."""

    def verify_id(credential: ApiToken) -> str | None:
        with context.client(credential, timeout) as checker:
            return checker.verify_token().result.id

    return verify_id


def _holders(
    token_id: str, context: Context, timeout: float
) -> tuple[ProfileStore | None, HolderSearch]:
    """Which kept tokens are this one (the credential in use is among them when it is kept
    anywhere)."""
    from cftui.core.tokens.holders import find_holders

    store, candidates, unchecked = _candidates(context)
    verify = _verifier(context, timeout)
    return store, find_holders(token_id, candidates, verify, unchecked)


def _where(search: HolderSearch) -> str:
    places = [f"the keyring of {c.source}" for c in search.profiles]
    if search.in_env:
        places.append("stdout (CLOUDFLARE_API_TOKEN holds it: update it)")
    return " and ".join(places) if places else "stdout only (no profile holds this token)"


def _confirm(name: str, search: HolderSearch) -> bool:
    question = (
        f"Roll {name}? Its current value stops working at once; the new value goes to "
        f"{_where(search)}. [y/N] "
    )
    print(question, end="", file=sys.stderr, flush=True)
    return sys.stdin.readline().strip().lower() in ("y", "yes")


def _say(text: str) -> None:
    print(f"cftui: {text}", file=sys.stderr)


def _report(outcome: RollOutcome, name: str) -> int:
    """The new secret on stdout when the user needs it (one line, nothing else there);
    every word about it on stderr."""
    if outcome.must_show:
        print(outcome.secret.reveal(), flush=True)
    code = 0
    for profile, error in outcome.failed:
        _say(
            f"warning: {name} was rolled, but its new value could not be stored for profile "
            f"{profile}: {error.message} The new value is on stdout, and nowhere else: save "
            f"it now. Profile {profile} still holds the old value, which no longer works; "
            f"`cftui login --profile {profile} --token-stdin` stores the new one."
        )
        code = int(ExitCode.KEYRING)
    for profile in outcome.stored:
        checked = {True: "verified", False: "NOT verified as this token", None: "not verified"}
        said = checked[outcome.verified]
        line = (
            f"rolled {name}: profile {profile} holds the new value ({said}); "
            "the old value no longer works."
        )
        if outcome.must_show:
            _say(line)
        else:
            print(line[0].upper() + line[1:])
    if outcome.verify_problem:
        _say(f"warning: the new value could not be verified: {outcome.verify_problem}")
    if outcome.in_env:
        _say(
            f"rolled {name}: CLOUDFLARE_API_TOKEN held the old value, which no longer works; "
            "update it with the new value on stdout."
        )
    if not outcome.stored and not outcome.failed and not outcome.in_env:
        _say(
            f"rolled {name}: no profile held it, so the new value on stdout is the only copy: "
            "save it now. The old value no longer works."
        )
    if outcome.interrupted is not None:
        raise outcome.interrupted
    return code
