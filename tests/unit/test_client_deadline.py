"""One deadline for a whole command: every request and every retry of a client is done by
``deadline`` (``--timeout``), not each request on its own."""

from __future__ import annotations

import time

import httpx
import pytest

from cftui.core.api import endpoints
from cftui.core.api.client import SyncCloudflareClient
from cftui.core.credentials.kinds import ApiToken
from cftui.core.errors import NetworkError, ServerError

TOKEN = ApiToken("cfut_DeadlineTEST0123456789abcdefghijklmnopq")


def client(
    handler: httpx.MockTransport, deadline: float, slept: list[float]
) -> SyncCloudflareClient:
    return SyncCloudflareClient(TOKEN, transport=handler, sleep=slept.append, deadline=deadline)


def test_past_the_deadline_nothing_is_sent() -> None:
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={"success": True, "result": {}})

    slept: list[float] = []
    with (
        client(httpx.MockTransport(answer), time.monotonic() - 1, slept) as late,
        pytest.raises(NetworkError) as error,
    ):
        late.request(endpoints.verify_token())
    assert sent == [] and slept == []
    assert error.value.exit_code == 5
    assert "within the time given to the command" in error.value.message
    assert error.value.hint is not None and "--timeout" in error.value.hint


def test_a_retry_that_would_end_after_the_deadline_is_not_waited_for() -> None:
    """A 503 asks to be retried in 30 s; with 5 s left the command gives the error now."""
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(503, headers={"Retry-After": "30"}, json={"success": False})

    slept: list[float] = []
    with (
        client(httpx.MockTransport(answer), time.monotonic() + 5, slept) as soon,
        pytest.raises(ServerError),
    ):
        soon.request(endpoints.verify_token())
    assert len(sent) == 1 and slept == []


def test_within_the_deadline_retries_go_on_as_before() -> None:
    answers = iter([httpx.Response(503, headers={"Retry-After": "1"}), None])

    def answer(request: httpx.Request) -> httpx.Response:
        nxt = next(answers)
        if nxt is not None:
            return nxt
        body = {"success": True, "errors": [], "messages": [], "result": {"status": "active"}}
        return httpx.Response(200, json=body)

    slept: list[float] = []
    with client(httpx.MockTransport(answer), time.monotonic() + 600, slept) as roomy:
        assert roomy.request(endpoints.verify_token()).result.status == "active"
    assert slept == [1.0]
