"""The login dialog's steps that need no widget: checking an email, verifying a credential
with Cloudflare, and the sentence that says what became of the login."""

from __future__ import annotations

from cftui.core.api.endpoints import get_user
from cftui.core.credentials.kinds import Credential, make_global_key
from cftui.core.errors import UsageError
from cftui.ui.types import ClientFactory, LoginResult

_WELL_FORMED_KEY = "0" * 37  # not a secret: lets the email be checked on its own


def bad_email(email: str) -> bool:
    """Whether ``make_global_key`` would refuse the email, to put the cursor where the fix is."""
    try:
        make_global_key(email, _WELL_FORMED_KEY)
    except UsageError:
        return True
    return False


async def verify(client_factory: ClientFactory, credential: Credential) -> None:
    """One ``GET /user`` with a client built for this credential, always closed."""
    source = client_factory(credential)
    try:
        await source.request(get_user())
    finally:
        await source.aclose()


def logged_in_note(result: LoginResult) -> str:
    what = result.credential.describe()
    if not result.saved:
        return f"Using {what} for this session only; it is not saved."
    note = f"Saved profile '{result.profile}' ({what})."
    return note + " It is now the default." if result.make_default else note
