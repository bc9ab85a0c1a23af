"""The accounts section's requests in the TUI: the memberships listing, one account's
policies when it is opened, and the answer to an invitation.

Each runs in its own worker so none waits for another or for ``/user``; every answer goes into
the core's ``AccountsLoad`` and the app publishes the new ``AccountsView`` (screens watch it).
A failure stays in its section: the listing's in the panel, a policy fetch's in that
account's policies, a refused answer beside the invitation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from textual.app import App

from cftui.core.accounts.answers import answer_mismatch
from cftui.core.accounts.load import AccountsLoad, AccountsView
from cftui.core.accounts.rows import AccountRow
from cftui.core.api.endpoints import ApiCall, get_membership
from cftui.core.api.endpoints import update_membership as put_membership
from cftui.core.api.envelope import Response
from cftui.core.api.requester import Requester
from cftui.core.errors import CftuiError
from cftui.core.models.membership import InvitationAnswer
from cftui.core.models.user import Organization
from cftui.core.overview.accounts_step import Seen, memberships_section
from cftui.core.overview.steps import run_async
from cftui.ui.keys import key_for
from cftui.ui.memory import building, settle_memory


class Asked(NamedTuple):
    """An invitation answer on its way: which membership, the status asked for, its name."""

    id: str
    status: InvitationAnswer
    name: str


class Shown(NamedTuple):
    """An answer as the raw view shows it: the request it answered, and the answer."""

    request: str
    response: Response[Any]


class AccountsController:
    def __init__(self, app: App[Any], publish: Callable[[AccountsView], None]) -> None:
        self._app = app
        self._publish = publish
        self.load = AccountsLoad(self._retry_key)
        self._source: Requester | None = None
        self.raw: dict[str, Shown] = {}
        """The last answer about each account (its key), for the raw view (``v``)."""

    def _retry_key(self) -> str:
        return key_for(self._app, "app.refresh")

    @property
    def listing(self) -> bool:
        """Pages of memberships are on their way (the listing settles memory at its end)."""
        return self.load.view().loading

    def _changed(self) -> None:
        self._publish(self.load.view())

    def reset(self) -> None:
        """Another credential: nothing of the last one's accounts may stay on screen."""
        self._app.workers.cancel_group(self._app, "accounts")
        self._app.workers.cancel_group(self._app, "account")
        self.load = AccountsLoad(self._retry_key)
        self._source = None
        self.raw = {}
        self._changed()

    def organizations(self, organizations: tuple[Organization, ...]) -> None:
        with building():  # a row per organization, all kept
            self.load.set_organizations(organizations)
        self._changed()

    # -- the listing -----------------------------------------------------------------------

    def fetch(self, source: Requester) -> None:
        """List the memberships with ``source`` (alongside ``/user``, not after it)."""
        self._source = source
        generation = self.load.begin()
        self._changed()
        self._app.run_worker(
            self._list(source, generation),
            name="memberships",
            group="accounts",
            exclusive=True,
            exit_on_error=False,
        )

    async def _list(self, source: Requester, generation: int) -> None:
        """The overview's memberships section on its own: each page shown as it comes."""
        load = self.load

        def on_page(seen: Seen) -> None:
            if seen.error is not None:
                load.page_failed(generation, seen.page, seen.error)
            else:
                load.page(generation, seen)
            self._changed()

        listing = None
        try:
            sections = {"memberships": memberships_section(on_page)}
            listing = (await run_async(source.request, sections))["memberships"].listing
        finally:
            load.end(generation, listing)
            self._changed()
        # 10,000 accounts' objects out of the collector's later passes, once the frame that
        # shows them all is drawn: a full collection then takes ~100 ms, not the list's.
        self._app.call_after_refresh(settle_memory)

    # -- one account -----------------------------------------------------------------------

    def open(self, row: AccountRow) -> None:
        """Fetch the policies of ``row`` if not loaded, not loading and fetchable."""
        membership = row.membership
        source = self._source
        view = self.load.view()
        if source is None or membership is None or not membership.id:
            return
        if row.policies is not None or row.key in view.policy_loading:
            return
        self.load.policies_loading(row.key)
        self._changed()
        self._app.run_worker(
            self._policies(source, row.key, membership.id),
            name=f"policies {row.key}",
            group="account",
            exit_on_error=False,
        )

    async def _policies(self, source: Requester, key: str, membership_id: str) -> None:
        try:
            response = await source.request(get_membership(membership_id))
        except CftuiError as error:
            self.load.policies_failed(key, error)
        else:
            self.raw[key] = Shown(f"GET /memberships/{membership_id}", response)
            self.load.policies(key, response.result)
        self._changed()

    def answer(self, row: AccountRow, *, accept: bool, done: Callable[[AccountRow], None]) -> None:
        """``PUT /memberships/{id}``; ``done`` gets the updated row (not called on failure)."""
        membership = row.membership
        source = self._source
        if source is None or membership is None or not membership.id:
            return
        self.load.answering(row.key)
        self._changed()
        status: InvitationAnswer = "accepted" if accept else "rejected"
        asked = Asked(membership.id, status, row.name)
        self._app.run_worker(
            self._answer(source, row.key, put_membership(membership.id, status), asked, done),
            name=f"answer {row.key}",
            group="account",
            exit_on_error=False,
        )

    async def _answer(
        self,
        source: Requester,
        key: str,
        call: ApiCall[Any],
        asked: Asked,
        done: Callable[[AccountRow], None],
    ) -> None:
        try:
            response = await source.request(call)
        except CftuiError as error:
            self.load.answer_failed(key, error)
            self._changed()
            return
        look = f"Refresh ({self._retry_key()}) to see where it stands."
        mismatch = answer_mismatch(asked.id, asked.status, asked.name, response.result, look=look)
        if mismatch is not None:  # the row keeps what was listed: the answer is not about it
            self.load.answer_failed(key, mismatch)
            self._changed()
            return
        self.raw[key] = Shown(f"PUT /memberships/{asked.id}", response)
        row = self.load.answered(key, response.result)
        self._changed()
        done(row)
