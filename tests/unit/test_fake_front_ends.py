"""The fake API's two front ends answer from one router: the same request gets the same
status, headers and body over loopback (``FakeApi``) as in process (``WorldApi``)."""

from __future__ import annotations

import httpx
import pytest

from tests.support.fake import router
from tests.support.fake.canned import OK, Canned
from tests.support.fake.router import SERVED, Asked, Reply
from tests.support.fake.server import FakeApi
from tests.support.fake.transport import BASE_URL, WorldApi

SOCKET_ONLY = ("slow", "stall_mid_body", "reset", "huge_body")
"""Scenarios whose answer is a way of sending (a delay, a stall, a reset, a flood)."""
SLOW_VERIFY = ("verify_timeout",)
"""Its token check answers after the server's delay (a timeout to provoke)."""
REQUEST_SHAPED = ("echo", "echo_error")
"""Scenarios that reflect the request's headers, which differ between the two clients."""
ROUTES = ("user", "user/tokens/verify", "accounts", "memberships?page=1&per_page=20")
HEADERS = ("content-type", "ratelimit", "ratelimit-policy", "retry-after", "location")


def _said(response: httpx.Response) -> tuple[int, dict[str, str | None], bytes]:
    return response.status_code, {k: response.headers.get(k) for k in HEADERS}, response.content


COMPARED = [s for s in SERVED if s not in SOCKET_ONLY + SLOW_VERIFY + REQUEST_SHAPED]


@pytest.mark.parametrize("scenario", COMPARED)
async def test_the_server_and_the_transport_send_the_same(fake_api: FakeApi, scenario: str) -> None:
    base = fake_api.base_url(scenario, fresh=True)
    in_process = WorldApi(scenario=scenario).transport()
    async with (
        httpx.AsyncClient(trust_env=False) as loopback,
        httpx.AsyncClient(transport=in_process, base_url=BASE_URL) as local,
    ):
        for route in ROUTES:
            there = await loopback.get(f"{base}/{route}")
            here = await local.get(f"/{route}")
            assert _said(here) == _said(there), route


@pytest.mark.parametrize("scenario", SOCKET_ONLY)
async def test_a_scenario_that_needs_a_socket_is_refused_in_process(scenario: str) -> None:
    transport = WorldApi(scenario=scenario).transport()
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
        with pytest.raises(NotImplementedError, match="loopback server"):
            await client.get("/user")


async def test_a_scenario_added_to_handled_is_served_by_both(
    fake_api: FakeApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hook for a scenario that answers from the request: one entry, both front ends."""

    def by_credential(asked: Asked) -> Reply:
        known = asked.headers.get("authorization") == "Bearer known"
        return Reply(OK if known else Canned(401, b"{}"))

    monkeypatch.setitem(router.HANDLED, "by_credential", by_credential)
    base = fake_api.base_url("by_credential", fresh=True)
    local = WorldApi(scenario="by_credential").transport()
    async with (
        httpx.AsyncClient(trust_env=False) as loopback,
        httpx.AsyncClient(transport=local, base_url=BASE_URL) as in_process,
    ):
        for token, status in (("known", 200), ("other", 401)):
            auth = {"Authorization": f"Bearer {token}"}
            assert (await loopback.get(f"{base}/user", headers=auth)).status_code == status
            assert (await in_process.get("/user", headers=auth)).status_code == status
