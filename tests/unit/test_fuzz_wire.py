"""Property tests one layer out from ``test_fuzz``: whole HTTP answers into the real client.

Any status, any body bytes (JSON-shaped or not, echoing the credential or not), any
``Retry-After`` / ``Ratelimit`` / ``Content-Type`` / ``CF-RAY`` / ``Location`` value, or a
transport failure: ``get_user`` returns a user or raises a ``CftuiError``, nothing else; what it
would print holds no control character and no secret.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cftui.core.api.client import CloudflareClient
from cftui.core.api.envelope import UserResponse
from cftui.core.credentials.kinds import ApiToken, Credential, GlobalApiKey
from cftui.core.errors import CftuiError
from tests.unit.test_fuzz import (
    full_envelopes,
    hostile_text,
    json_values,
    unsafe_chars,
    user_strings,
)

TOKEN = "cfut_Fz7Wq2Lk9Tn4Rb8Xm3Vc6Hd1Jp5Sg0Ya2Ue7Io"
EMAIL = "fuzz@example.com"
KEY = "feedfacecafebeef0123456789abcdef01234"
CREDENTIALS: list[Credential] = [ApiToken(TOKEN), GlobalApiKey(EMAIL, KEY)]
SECRETS = (TOKEN, KEY)

FUZZ = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Header values httpx can carry: latin-1, no line breaks.
header_text = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=60)
retry_after = st.one_of(
    st.integers(-5, 10**6).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["Wed, 21 Oct 2015 07:28:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT", ""]),
    header_text,
)
ratelimit = st.one_of(
    st.builds('"default";r={};t={}'.format, st.integers(-1, 10**15), st.integers(-1, 10**15)),
    st.builds("limit={}, remaining={}, reset={}".format, *[st.integers(-1, 10**6)] * 3),
    header_text,
)
headers = st.fixed_dictionaries(
    {},
    optional={
        "retry-after": retry_after,
        "ratelimit": ratelimit,
        "ratelimit-policy": header_text,
        "content-type": st.sampled_from(["application/json", "text/html", ""]) | header_text,
        "cf-ray": header_text,
        "location": header_text,
        "content-encoding": st.sampled_from(["gzip", "br", "deflate", "identity", "x-junk"]),
    },
)


@st.composite
def echoing_bodies(draw: st.DrawFn) -> bytes:
    """An envelope with the request's secret planted in it (filled in when the request
    comes), literally or spelled with JSON escapes: a server reflecting the headers."""
    doc: dict[str, Any] = draw(full_envelopes)
    marker = draw(st.sampled_from(["__SECRET__", "__SPELLED__"]))
    doc["result"]["first_name"] = f"Bearer {marker}"
    doc["result"][marker] = draw(hostile_text)
    if draw(st.booleans()):
        doc["errors"] = [{"code": 1000, "message": f"bad {marker}"}]
    return json.dumps(doc).encode()


bodies = st.one_of(
    st.binary(max_size=300),
    json_values.map(lambda v: json.dumps(v).encode()),
    full_envelopes.map(
        lambda v: json.dumps(v, ensure_ascii=False).encode("utf-8", "surrogatepass")
    ),
    echoing_bodies(),
)
statuses = st.sampled_from([200, 204, 301, 302, 400, 401, 403, 404, 429, 500, 502, 503, 520])
# Transport failures; "{secret}" becomes the secret the request carried.
TRANSPORT_ERRORS = [
    (httpx.ConnectError, "refused while sending {secret}"),
    (httpx.ReadTimeout, "read timed out"),
    (httpx.RemoteProtocolError, "peer closed connection after {secret}"),
    (httpx.ProxyError, "proxy said no"),
    (OSError, "Too many open files"),
    (ValueError, "a bug somewhere, quoting {secret}"),
]
answers = st.one_of(
    st.tuples(statuses | st.integers(100, 599), headers, bodies),
    st.sampled_from(TRANSPORT_ERRORS),
)


def _secret_of(request: httpx.Request) -> str:
    sent = request.headers.get("x-auth-key") or request.headers["authorization"]
    return sent.removeprefix("Bearer ")


async def _no_sleep(seconds: float) -> None:
    return None


async def _ask(credential: Credential, answer: Any) -> UserResponse | CftuiError:
    def handler(request: httpx.Request) -> httpx.Response:
        secret = _secret_of(request)
        if len(answer) == 2:
            kind, text = answer
            raise kind(text.format(secret=secret))
        status, hdrs, body = answer
        spelled = "".join(f"\\u{ord(c):04x}" for c in secret)
        body = body.replace(b"__SECRET__", secret.encode()).replace(
            b"__SPELLED__", spelled.encode()
        )
        return httpx.Response(status, headers=hdrs, content=body)

    transport = httpx.MockTransport(handler)
    async with CloudflareClient(credential, transport=transport, sleep=_no_sleep) as client:
        try:
            return await client.get_user()
        except CftuiError as error:
            return error


@FUZZ
@given(st.sampled_from(CREDENTIALS), answers)
def test_any_answer_is_a_user_or_a_cftui_error_with_safe_text(
    credential: Credential, answer: Any
) -> None:
    outcome = asyncio.run(_ask(credential, answer))  # anything but CftuiError propagates
    if isinstance(outcome, CftuiError):
        assert outcome.message
        shown = [outcome.message, outcome.hint or "", outcome.detail or "", str(outcome)]
        for text in shown:
            assert not unsafe_chars(text), (text, unsafe_chars(text))
    else:
        shown = [*user_strings(outcome.user), json.dumps(outcome.raw, ensure_ascii=False)]
        shown += [str(m) for m in outcome.messages]
        for text in shown[:-1]:
            assert not unsafe_chars(text), (text, unsafe_chars(text))
    for text in shown:
        for secret in SECRETS:
            assert secret[:8] not in text, text
