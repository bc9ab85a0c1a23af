"""Whether Cloudflare's answer to an invitation says what was asked.

``PUT /memberships/{id}`` answers with the membership as it now stands. A client that only
checks for HTTP 200 would report "you are now a member" when the answer says the invitation is
still pending, was declined instead, or is another membership altogether; both views check the
answer here and say what it does say instead.
"""

from __future__ import annotations

from cftui.core.errors import MalformedResponseError
from cftui.core.models.membership import InvitationAnswer, Membership
from cftui.core.text import sanitize, shorten

_WORDS = {"accepted": "accepted", "rejected": "declined", "pending": "still pending"}


def status_words(status: str | None) -> str:
    """``accepted`` / ``declined`` / ``still pending``; any other status as sent (shortened)."""
    if status is None:
        return "no status"
    return _WORDS.get(status, shorten(sanitize(status), 40))


def answer_mismatch(
    asked_id: str, wanted: InvitationAnswer, name: str, answered: Membership, *, look: str
) -> MalformedResponseError | None:
    """None when ``answered`` is the membership asked about, now ``wanted``; otherwise the
    error to report (exit 6: the answer does not fit the question), saying what it says.
    ``look`` is how to see where things stand (a command, or the TUI's refresh key)."""
    verb = "accept" if wanted == "accepted" else "decline"
    asked = f"You asked to {verb} the invitation to {name}"
    if answered.id is not None and answered.id != asked_id:
        return MalformedResponseError(
            f"{asked}, and Cloudflare answered about another membership "
            f"({shorten(sanitize(answered.id), 64)}).",
            hint=f"Nothing is known about the invitation asked about. {look}",
        )
    if answered.status == wanted:
        return None
    if answered.status == "pending":
        what = "the invitation is still pending: it may not have been answered"
    else:
        what = f"it is {status_words(answered.status)}"
    return MalformedResponseError(
        f"{asked}, and Cloudflare's answer says {what}.",
        hint=look,
    )
