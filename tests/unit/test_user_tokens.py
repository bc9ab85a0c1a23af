"""The user's API tokens (``GET /user/tokens``, ``GET /user/tokens/{id}``) through the one
request path: every field read, nested resources and the IP condition as the wire names them,
hostile text made safe, and a wrong type named by its path."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from cftui.core.api import endpoints
from cftui.core.api.client import SyncCloudflareClient
from cftui.core.credentials.kinds import ApiToken
from cftui.core.errors import ApiError, MalformedResponseError, UsageError
from cftui.core.models.user_token import MAX_RESOURCES, IpCondition

TOKEN = ApiToken("cfut_UserTokensTEST0123456789abcdefghijklmnop")
ACCOUNT = "com.cloudflare.api.account.eb78d65290b24279ba6f44721b3ea3c4"
ZONE = "com.cloudflare.api.account.zone.023e105f4ecef8ad9ca31a8372d0c353"
TOKEN_ID = "ed17574386854bf78a67040be0a770b0"


def token_body(**overrides: Any) -> dict[str, Any]:
    return {
        "id": TOKEN_ID,
        "name": "CI deploys",
        "status": "active",
        "issued_on": "2026-01-05T10:00:00Z",
        "modified_on": "2026-03-01T10:00:00Z",
        "last_used_on": "2026-11-20T08:15:00Z",
        "not_before": "2026-01-05T00:00:00Z",
        "expires_on": "2027-01-05T00:00:00Z",
        "policies": [
            {
                "id": "f267e341f3dd4697bd3b9f71dd96247f",
                "effect": "allow",
                "permission_groups": [
                    {"id": "c8fed203ed3043cba015a93ad1616f1f", "name": "Zone Read"},
                    {"id": "82e64a83756745bbbb1c9c2701bf816b", "name": "DNS Write"},
                ],
                "resources": {ACCOUNT: {ZONE: "*"}},
            },
            {
                "id": "0b3c4d5e6f7a4b8c9d0e1f2a3b4c5d6e",
                "effect": "deny",
                "permission_groups": [{"id": "e17beae8b8cb423a99b1730f21238bed"}],
                "resources": {"com.cloudflare.api.account.*": "*"},
            },
        ],
        "condition": {"request.ip": {"in": ["192.0.2.0/24"], "not_in": ["192.0.2.1/32"]}},
        **overrides,
    }


def answering(result: Any, status: int = 200, **extra: Any) -> SyncCloudflareClient:
    body = {"success": status < 400, "errors": [], "messages": [], "result": result, **extra}
    if status >= 400:
        body["errors"] = [{"code": 9109, "message": "Unauthorized to access requested resource"}]
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(status, json=body)

    client = SyncCloudflareClient(TOKEN, transport=httpx.MockTransport(handler), max_retries=0)
    client.seen = seen  # type: ignore[attr-defined]
    return client


def test_a_token_reads_itself_with_every_field() -> None:
    with answering(token_body()) as client:
        token = client.request(endpoints.get_token(TOKEN_ID)).result
        (request,) = client.seen  # type: ignore[attr-defined]
    assert request.method == "GET" and request.url.path == f"/client/v4/user/tokens/{TOKEN_ID}"
    assert (token.id, token.name, token.status) == (TOKEN_ID, "CI deploys", "active")
    assert token.expires_on is not None and token.expires_on.date_text == "2027-01-05"
    assert token.last_used_on is not None and token.last_used_on.date_text == "2026-11-20"
    allow, deny = token.policies
    assert [g.name for g in allow.permission_groups] == ["Zone Read", "DNS Write"]
    assert allow.resources == ((ACCOUNT, f"{ZONE} / *"),)
    assert deny.effect == "deny" and deny.permission_groups[0].name is None
    assert deny.resources == (("com.cloudflare.api.account.*", "*"),)
    assert token.ip == IpCondition(allowed=("192.0.2.0/24",), denied=("192.0.2.1/32",))


def test_the_list_is_a_page_of_tokens() -> None:
    page = [token_body(), token_body(id="2" * 32, name="old", condition=None, policies=None)]
    info = {"page": 1, "per_page": 50, "count": 2, "total_count": 2}
    with answering(page, result_info=info) as client:
        answer = client.request(endpoints.list_tokens())
        (request,) = client.seen  # type: ignore[attr-defined]
    assert request.url.path == "/client/v4/user/tokens"
    assert dict(request.url.params) == {"page": "1", "per_page": "50"}
    assert [t.name for t in answer.result] == ["CI deploys", "old"]
    assert answer.result[1].ip is None and answer.result[1].policies == ()
    assert answer.result_info is not None and answer.result_info.total_count == 2


def test_the_condition_under_the_sdk_s_response_name_is_read_too() -> None:
    body = token_body(condition={"request_ip": {"in": ["2001:db8::/32"]}})
    with answering(body) as client:
        token = client.request(endpoints.get_token(TOKEN_ID)).result
    assert token.ip == IpCondition(allowed=("2001:db8::/32",))


def test_hostile_text_is_made_safe_and_resources_are_bounded() -> None:
    many = {f"com.cloudflare.api.account.zone.{n:032x}": "*" for n in range(MAX_RESOURCES + 50)}
    body = token_body(name="\x1b]52;c;cm0gLXJm\x07CI\u202e", policies=[{"resources": many}])
    with answering(body) as client:
        token = client.request(endpoints.get_token(TOKEN_ID)).result
    assert token.name == "]52;c;cm0gLXJmCI"
    assert len(token.policies[0].resources) == MAX_RESOURCES


@pytest.mark.parametrize(
    ("override", "path"),
    [
        ({"policies": {"not": "a list"}}, "result.policies"),
        ({"policies": [{"resources": {ACCOUNT: 7}}]}, f"result.policies[0].resources.{ACCOUNT}"),
        ({"condition": {"request.ip": {"in": "192.0.2.0/24"}}}, "result.condition.request.ip.in"),
    ],
)
def test_a_wrong_type_is_named_by_its_path(override: dict[str, Any], path: str) -> None:
    with answering(token_body(**override)) as client, pytest.raises(MalformedResponseError) as bad:
        client.request(endpoints.get_token(TOKEN_ID))
    assert bad.value.path == path or path in bad.value.message


def test_without_api_tokens_read_the_refusal_is_cloudflare_s() -> None:
    with answering(None, status=403) as client, pytest.raises(ApiError) as refused:
        client.request(endpoints.list_tokens())
    assert refused.value.codes == (9109,)


@pytest.mark.parametrize("bad_id", ["", ".", ".."])
def test_a_token_id_that_is_no_path_segment_is_refused_before_sending(bad_id: str) -> None:
    with pytest.raises(UsageError):
        endpoints.get_token(bad_id)
