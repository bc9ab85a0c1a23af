"""The demo as the app and ``whoami`` meet it: the real clients, answered by ``DemoApi``.

Each client is one run of the demo (an invitation it answers stays answered). httpx is
imported when a client is built, not with this module: the TUI's first frame, which
``demo_overview`` fills, must not wait for the network stack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cftui.core.api import endpoints
from cftui.core.api.reading import answer_locally
from cftui.core.demo.server import DemoApi
from cftui.core.demo.user import DEMO_CREDENTIAL
from cftui.core.overview.check import Overview, TokenCheck
from cftui.core.overview.credential_kind import CallOutcome
from cftui.core.overview.steps import Outcome

if TYPE_CHECKING:
    from cftui.core.api.client import CloudflareClient, SyncCloudflareClient


def demo_client() -> CloudflareClient:
    """The async client (the TUI) over the demo's answers."""
    from cftui.core.api.local import local_client

    return local_client(DEMO_CREDENTIAL, DemoApi())


def demo_sync_client() -> SyncCloudflareClient:
    """The blocking client (``cftui --demo whoami``) over the demo's answers."""
    from cftui.core.api.local import local_sync_client

    return local_sync_client(DEMO_CREDENTIAL, DemoApi())


def demo_overview() -> Overview:
    """``/user`` and the token section as a fetch of the demo comes to them, for the first
    frame: the demo's own answers, read by the client's reader, with no client built."""
    api = DemoApi()
    user = answer_locally(endpoints.get_user(), api, DEMO_CREDENTIAL)
    verified = answer_locally(endpoints.verify_token(), api, DEMO_CREDENTIAL)
    check = TokenCheck(status=verified.result, user_verify=CallOutcome.success())
    return Overview(DEMO_CREDENTIAL, Outcome(user), check)
