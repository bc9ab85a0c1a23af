"""The demo goes the real request path: ``CloudflareClient`` and ``SyncCloudflareClient``
over ``httpx.MockTransport``, answered by ``DemoApi``. What the demo shows is therefore what
the clients make of its answers: their headers, envelope reading, refusals and pages."""

from __future__ import annotations

import socket
from typing import Any

import httpx
import pytest

from cftui.core.api import endpoints
from cftui.core.api.client import CloudflareClient, SyncCloudflareClient
from cftui.core.api.endpoints import ApiCall
from cftui.core.api.envelope import Response
from cftui.core.api.local import LOCAL_BASE_URL, local_sync_client
from cftui.core.api.pager import Pager, PageSeen
from cftui.core.api.paging import list_pages_sync
from cftui.core.demo.clients import demo_client, demo_overview, demo_sync_client
from cftui.core.demo.server import DemoApi
from cftui.core.demo.user import DEMO_CREDENTIAL
from cftui.core.errors import ApiError
from cftui.core.models.membership import Membership
from cftui.core.overview.check import fetch_overview, fetch_overview_sync


def test_the_demo_clients_are_the_real_ones() -> None:
    with demo_sync_client() as client:
        assert type(client) is SyncCloudflareClient
        assert client.base_url == LOCAL_BASE_URL and client.credential == DEMO_CREDENTIAL


async def test_a_request_the_demo_does_not_know_is_the_clients_usual_404() -> None:
    client = demo_client()
    assert type(client) is CloudflareClient
    try:
        with pytest.raises(ApiError) as raised:
            await client.list_accounts()
    finally:
        await client.aclose()
    error = raised.value
    assert (error.status, error.codes) == (404, (7003,))
    assert "Cloudflare refused the request (HTTP 404)" in error.message
    assert "Could not route to /accounts" in error.message


def test_an_invitation_answered_through_the_client_stays_answered() -> None:
    with demo_sync_client() as client:
        pending = client.list_memberships(status="pending").result
        assert [m.status for m in pending] == ["pending", "pending"]
        target = pending[0].id
        assert target
        answered = client.update_membership(target, "accepted")
        assert (answered.status, answered.result.status) == (200, "accepted")
        listed = {m.id: m.status for m in client.list_memberships().result}
        assert listed[target] == "accepted"
        assert client.get_membership(target).result.status == "accepted"
        assert [m.id for m in client.list_memberships(status="pending").result] == [pending[1].id]
        with pytest.raises(ApiError) as again:
            client.update_membership(target, "rejected")
        assert again.value.codes == (7003,)
    with demo_sync_client() as fresh:  # another run of the demo starts over
        assert fresh.get_membership(target).result.status == "pending"


def test_pages_come_through_the_one_pager() -> None:
    seen: list[tuple[int, int]] = []

    def page(number: int) -> ApiCall[Response[tuple[Membership, ...]]]:
        return endpoints.list_memberships(page=number, per_page=5)

    def on_page(answer: PageSeen[Membership]) -> None:
        seen.append((answer.page, len(answer.result)))

    with demo_sync_client() as client:
        pager: Pager[Membership] = Pager(per_page=5, key=lambda m: m.id)
        listing = list_pages_sync(client.request, page, pager, on_page)
    assert sorted(seen) == [(1, 5), (2, 2)]
    assert listing.complete and listing.pages_read == 2 and len(listing.items) == 7


def test_the_handler_sees_what_the_client_sent() -> None:
    seen: list[tuple[str, str, dict[str, str], Any]] = []
    api = DemoApi()

    def handler(method: str, path: str, query: Any, body: Any) -> tuple[int, Any]:
        seen.append((method, path, dict(query), body))
        return api(method, path, query, body)

    with local_sync_client(DEMO_CREDENTIAL, handler) as client:
        membership = client.list_memberships(per_page=5, status="pending").result[0]
        client.update_membership(membership.id or "", "rejected")
    assert seen == [
        ("GET", "/memberships", {"page": "1", "per_page": "5", "status": "pending"}, None),
        ("PUT", f"/memberships/{membership.id}", {}, {"status": "rejected"}),
    ]


async def test_the_first_frame_is_what_the_client_fetches() -> None:
    """``demo_overview`` reads the same answers the same way, without building a client."""
    first = demo_overview()
    client = demo_client()
    try:
        fetched = await fetch_overview(client, memberships=False)
    finally:
        await client.aclose()
    assert first.response().user == fetched.response().user
    assert first.response().raw == fetched.response().raw
    assert first.token == fetched.token
    assert first.kind is fetched.kind


def test_the_demo_opens_no_socket(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the demo opened a socket")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    with demo_sync_client() as client:
        overview = fetch_overview_sync(client, policies=True)
    assert overview.response().user.email == "avery.okafor@example.com"
    assert overview.memberships.complete
    details = overview.memberships.details
    assert details is not None and len(details) == len(overview.memberships.memberships)
    assert all(m.policies is not None for m in details)
    assert not overview.memberships.detail_errors


def test_the_transport_is_a_mock_one() -> None:
    with demo_sync_client() as client:
        transport = client._http._transport
    assert isinstance(transport, httpx.MockTransport)
