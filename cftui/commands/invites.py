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

from cftui.cli.options import add_timeout, common
from cftui.core.errors import ApiError, CftuiError, UsageError

if TYPE_CHECKING:
    from cftui.cli.context import Context
    from cftui.cli.options import Commands
    from cftui.core.api.client import SyncCloudflareClient
    from cftui.core.api.endpoints import ApiCall
    from cftui.core.api.envelope import Response
    from cftui.core.models.membership import Membership

ACTIONS = {"accept": True, "decline": False}
NAME_LIMIT = 80


def grammar(commands: Commands) -> None:
    parser = commands.add_parser(
        "invites",
        parents=[common()],
        help="list pending invitations to accounts; accept or decline one",
        description="List the invitations waiting for your answer, or answer one: "
        "`cftui invites accept ID` / `cftui invites decline ID` (asks first; --yes when "
        "there is no terminal to ask on).",
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
    add_timeout(parser)


def _client(context: Context, profile: str | None, timeout: float) -> SyncCloudflareClient:
    resolved = context.profile_store().resolve(profile, context.env)
    for note in resolved.notes:
        print(f"cftui: note: {note}", file=sys.stderr)
    return context.client(resolved.credential, timeout)


def _worded(error: CftuiError, part: str) -> CftuiError:
    """A refusal in the words of the invitations (which permission), same exit code."""
    if not isinstance(error, ApiError):
        return error
    from cftui.core.accounts.problems import section_problem

    problem = section_problem(
        error, "invitation" if part == "invitation" else "accounts", interactive=False
    )
    error.message = problem.message
    error.hint = problem.hint
    return error


def pending(client: SyncCloudflareClient) -> list[Membership]:
    """Every pending invitation, all pages (a page that fails fails the list: it must be whole)."""
    from cftui.core.api.endpoints import list_memberships

    def pending_page(page: int, per_page: int) -> ApiCall[Response[tuple[Membership, ...]]]:
        return list_memberships(page, per_page, "pending")

    found: dict[str, Membership] = {}
    try:
        for page in client.pages(pending_page):
            for membership in page.result:
                if membership.status == "pending" and membership.id:
                    found.setdefault(membership.id, membership)
    except CftuiError as error:
        raise _worded(error, "accounts") from None
    return sorted(found.values(), key=lambda m: ((m.account_name or "").casefold(), m.id or ""))


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


def format_list(invitations: list[Membership]) -> str:
    from cftui.core.text import shorten

    if not invitations:
        return "No pending invitations."
    rows = [(_name(m), shorten(", ".join(m.roles) or "—", 50), m.id or "") for m in invitations]
    width = [max(len(r[i]) for r in rows) for i in range(2)]
    count = len(rows)
    lines = [f"{count} pending invitation{'s' if count != 1 else ''}:"]
    lines.append(f"  {'account':<{width[0]}}  {'roles':<{width[1]}}  id")
    lines += [f"  {n:<{width[0]}}  {r:<{width[1]}}  {i}" for n, r, i in rows]
    lines.append("Answer one with: cftui invites accept ID  (or decline ID)")
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

    invitations = pending(client)
    found = next((m for m in invitations if wanted in (m.id, m.account_id)), None)
    if found is None or found.id is None:
        raise UsageError(
            f"There is no pending invitation with the id {wanted[:64]!r}.",
            hint="`cftui invites` lists them, with the id to use.",
        )
    if ask and not _confirm(found, accept):
        raise UsageError("Nothing was answered.", hint="Answer y to go ahead, or pass --yes.")
    try:
        response = client.update_membership(found.id, "accepted" if accept else "rejected")
    except CftuiError as error:
        raise _worded(error, "invitation") from None
    return response.result


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
    ask = action is not None and not args.yes
    if ask and not stdin_is_terminal():
        raise UsageError(
            "Not answering without a confirmation: standard input is not a terminal to ask on.",
            hint=f"Add --yes to {action} the invitation without being asked.",
        )
    try:
        with _client(context, getattr(args, "profile", None), args.timeout) as client:
            if action is None:
                invitations = pending(client)
                if as_json:
                    doc = {"invitations": [invitation_json(m) for m in invitations]}
                    print(json.dumps(doc, indent=2, ensure_ascii=False))
                else:
                    print(format_list(invitations))
                return 0
            assert wanted is not None
            result = answer(client, wanted, ACTIONS[action], ask=ask)
    except CftuiError as error:
        if as_json:
            from cftui.commands.output import error_json

            print(error_json(error))
        raise
    if as_json:
        print(json.dumps({"invitation": invitation_json(result)}, indent=2, ensure_ascii=False))
    else:
        said = {"accepted": "you are now a member", "rejected": "declined"}.get(
            result.status or "", f"its status is now {result.status or 'not given'}"
        )
        print(f"{_name(result)}: {said} (Cloudflare answered: {result.status or 'no status'}).")
    return 0
