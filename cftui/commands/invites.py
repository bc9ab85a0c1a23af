"""``cftui invites``: the invitations waiting for an answer, and answering one.

    cftui invites [--json]            the pending ones (GET /memberships?status=pending)
    cftui invites accept ID [--yes]   PUT /memberships/ID {"status": "accepted"}
    cftui invites decline ID [--yes]  PUT /memberships/ID {"status": "rejected"}

ID is the invitation's membership id (as listed) or its account id. Answering asks first on
a terminal, naming the account; without a terminal it needs ``--yes``, and refuses before any
request otherwise (exit 2): a script must say what it means. What is printed afterwards is
what Cloudflare answered (the membership's new status), not what was asked for.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from cftui.cli.options import CREDENTIALS, add_timeout, common, epilog, examples, exit_codes
from cftui.core.errors import CftuiError, UsageError

if TYPE_CHECKING:
    from cftui.cli.context import Context
    from cftui.cli.options import Commands
    from cftui.core.api.client import SyncCloudflareClient
    from cftui.core.api.endpoints import ApiCall
    from cftui.core.api.envelope import Response
    from cftui.core.credentials.env import ResolvedCredential
    from cftui.core.models.membership import InvitationAnswer, Membership

ACTIONS = {"accept": True, "decline": False}
NAME_LIMIT = 80


def grammar(commands: Commands) -> None:
    parser = commands.add_parser(
        "invites",
        parents=[common()],
        help="list pending invitations to accounts; accept or decline one",
        description="List the invitations waiting for your answer, or answer one: "
        "`cftui invites accept ID` / `cftui invites decline ID` (asks first; --yes when "
        "there is no terminal to ask on). ID is the membership id listed, or the account's "
        'id. --json prints {"schema": 1, "invitations": […]} or {"schema": 1, "invitation": '
        "{…}}: what Cloudflare answered.",
        epilog=epilog(
            CREDENTIALS,
            examples(
                "cftui invites",
                "cftui invites accept ID",
                "cftui invites --json | jq -r '.invitations[].membership_id'",
                "cftui --demo invites",
            ),
            exit_codes(
                0,
                1,
                2,
                3,
                4,
                5,
                6,
                7,
                c2="usage (no such invitation; --yes needed without a terminal; not confirmed)",
                c6="malformed response, or an answer that does not fit the question",
            ),
        ),
    )
    parser.add_argument(
        "action",
        nargs="?",
        choices=tuple(ACTIONS),
        help="answer an invitation (without: list the pending ones)",
    )
    parser.add_argument("id", nargs="?", metavar="ID", help="membership id or account id")
    parser.add_argument("--yes", action="store_true", help="answer without asking")
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")
    parser.add_argument(
        "--demo",
        action="store_true",
        default=argparse.SUPPRESS,
        help="the embedded demo user's invitations (listed only: the demo answers none)",
    )
    add_timeout(parser)


def _client(
    context: Context, args: argparse.Namespace, resolved: list[ResolvedCredential]
) -> SyncCloudflareClient:
    """The client for the credential in use (kept in ``resolved``), or the demo's."""
    profile: str | None = getattr(args, "profile", None)
    if getattr(args, "demo", False):
        if profile is not None:
            raise UsageError(
                "--demo lists the embedded demo user's invitations, not a profile's.",
                hint="Drop --demo to use the profile.",
            )
        from cftui.core.demo.clients import demo_sync_client

        return demo_sync_client()
    found = context.profile_store().resolve(profile, context.env)
    resolved.append(found)
    for note in found.notes:
        print(f"cftui: note: {note}", file=sys.stderr)
    return context.client(found.credential, args.timeout)


def pending(client: SyncCloudflareClient) -> list[Membership]:
    """Every pending invitation, all pages (a page that fails fails the list: it must be
    whole, or accepting one that was not read would say there is none)."""
    from cftui.core.api.endpoints import list_memberships
    from cftui.core.api.pager import Pager
    from cftui.core.api.paging import list_pages_sync

    def pending_page(page: int) -> ApiCall[Response[tuple[Membership, ...]]]:
        return list_memberships(page, pager.per_page, "pending")

    def by_id(membership: Membership) -> str | None:
        return membership.id

    pager: Pager[Membership] = Pager(key=by_id)
    listing = list_pages_sync(client.request, pending_page, pager)
    if listing.failed:
        from cftui.core.problems import in_section_words

        raise in_section_words(min(listing.failed.items())[1], "accounts") from None
    if listing.capped:
        more = f"{listing.not_read:,} more" if listing.not_read else "more"
        print(
            f"cftui: note: the first {len(listing.items):,} invitations are listed, "
            f"and {more} not read.",
            file=sys.stderr,
        )
    found = [m for m in listing.items if m.status == "pending" and m.id]
    return sorted(found, key=lambda m: ((m.account_name or "").casefold(), m.id or ""))


def invitation_json(m: Membership) -> dict[str, Any]:
    return {
        "membership_id": m.id,
        "account": {"id": m.account_id, "name": m.account_name},
        "status": m.status,
        "roles": list(m.roles),
        "permissions": {r: {"read": g.read, "write": g.write} for r, g in m.permissions},
    }


def _name(m: Membership) -> str:
    from cftui.core.text import shorten

    return shorten(m.account_name or m.account_id or "(unnamed account)", NAME_LIMIT)


DEMO_ANSWER = "Listed only: the app answers the demo's (cftui --demo, open one, a or d)."


def format_list(invitations: list[Membership], *, demo: bool = False) -> str:
    from cftui.core.text import shorten

    if not invitations:
        return "No pending invitations."
    rows = [(_name(m), shorten(", ".join(m.roles) or "—", 50), m.id or "") for m in invitations]
    width = [max(len(r[i]) for r in rows) for i in range(2)]
    count = len(rows)
    lines = [f"{count} pending invitation{'s' if count != 1 else ''}:"]
    lines.append(f"  {'account':<{width[0]}}  {'roles':<{width[1]}}  id")
    lines += [f"  {n:<{width[0]}}  {r:<{width[1]}}  {i}" for n, r, i in rows]
    lines.append(
        DEMO_ANSWER if demo else "Answer one with: cftui invites accept ID  (or decline ID)"
    )
    return "\n".join(lines)


def _confirm(m: Membership, accept: bool) -> bool:
    """Ask on the terminal; the question names the account. EOF or anything but y is no."""
    roles = ", ".join(m.roles) or "no roles listed"
    verb = "Accept" if accept else "Decline"
    account = m.account_id or "?"
    question = f"{verb} the invitation to {_name(m)} (account {account}, roles: {roles})? [y/N] "
    print(question, end="", file=sys.stderr, flush=True)
    answer = sys.stdin.readline()
    return answer.strip().lower() in ("y", "yes")


def answer(client: SyncCloudflareClient, wanted: str, accept: bool, *, ask: bool) -> Membership:

    found = _the_invitation(pending(client), wanted)
    assert found.id is not None
    if ask and not _confirm(found, accept):
        raise UsageError("Nothing was answered.", hint="Answer y to go ahead, or pass --yes.")
    status: InvitationAnswer = "accepted" if accept else "rejected"
    try:
        response = client.update_membership(found.id, status)
    except CftuiError as error:
        from cftui.core.problems import in_section_words

        raise in_section_words(error, "invitation") from None
    from cftui.core.accounts.answers import answer_mismatch

    look = "`cftui invites` lists the invitations still pending."
    mismatch = answer_mismatch(found.id, status, _name(found), response.result, look=look)
    if mismatch is not None:
        raise mismatch
    return response.result


def _the_invitation(invitations: list[Membership], wanted: str) -> Membership:
    """The one pending invitation ``wanted`` names, by its membership id or its account id;
    an id that names one invitation one way and another the other way is refused."""
    by_id = [m for m in invitations if m.id == wanted]
    by_account = [m for m in invitations if m.account_id == wanted and m.id != wanted]
    if (by_id and by_account) or len(by_account) > 1:
        names = ", ".join(f"{_name(m)} ({m.id})" for m in [*by_id, *by_account])
        raise UsageError(
            f"The id {wanted[:64]!r} names more than one pending invitation: {names}.",
            hint="Give the membership id (the last column of `cftui invites`).",
        )
    found = next(iter(by_id or by_account), None)
    if found is None or found.id is None:
        raise UsageError(
            f"There is no pending invitation with the id {wanted[:64]!r}.",
            hint="`cftui invites` lists them, with the id to use.",
        )
    return found


def run(args: argparse.Namespace, context: Context) -> int:
    from cftui.cli.streams import stdin_is_terminal

    action: str | None = args.action
    wanted: str | None = args.id
    as_json: bool = args.json

    if action is None and wanted is not None:
        raise UsageError("Say what to do with it: `cftui invites accept ID` or `decline ID`.")
    if action is not None and not wanted:
        raise UsageError(
            f"Which invitation? `cftui invites {action} ID`; `cftui invites` lists them."
        )
    if action is not None and getattr(args, "demo", False):
        raise UsageError(
            "`cftui --demo invites` cannot answer invitations: it lists the demo's only.",
            hint="The app answers the demo's for the session (cftui --demo, open one, a or d); "
            "drop --demo to answer your own.",
        )
    ask = action is not None and not args.yes
    if ask and not stdin_is_terminal():
        raise UsageError(
            "Not answering without a confirmation: standard input is not a terminal to ask on.",
            hint=f"Add --yes to {action} the invitation without being asked.",
        )
    resolved: list[ResolvedCredential] = []
    try:
        with _client(context, args, resolved) as client:
            if action is None:
                invitations = pending(client)
                if as_json:
                    doc = {"schema": 1, "invitations": [invitation_json(m) for m in invitations]}
                    print(json.dumps(doc, indent=2, ensure_ascii=False))
                else:
                    print(format_list(invitations, demo=getattr(args, "demo", False)))
                return 0
            assert wanted is not None
            result = answer(client, wanted, ACTIONS[action], ask=ask)
    except CftuiError as caught:
        from cftui.core.env_advice import for_the_source

        error = for_the_source(caught, resolved[0] if resolved else None)
        if as_json:
            from cftui.commands.output import error_json

            print(error_json(error))
        if error is caught:
            raise
        raise error from caught.__cause__
    if as_json:
        doc = {"schema": 1, "invitation": invitation_json(result)}
        print(json.dumps(doc, indent=2, ensure_ascii=False))
    else:
        said = "you are now a member" if result.status == "accepted" else "declined"
        print(f"{_name(result)}: {said} (Cloudflare answered: {result.status}).")
    return 0
