"""Rolling a token and putting its new secret where the old one was kept.

Once Cloudflare answers the roll, the old secret is dead and the new one exists only in this
process: from then on nothing may lose it. Each stored profile that held the token gets the
new secret (``credentials.rotate``: trial write, write, read back, the old entry put back on
failure); then the new secret is verified with ``/user/tokens/verify``. What could not be
stored, and an interruption, are recorded in the outcome instead of raised, so the caller
still has the secret in hand to give the user (``RollOutcome.must_show``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from cftui.core.api import endpoints
from cftui.core.credentials.kinds import ApiToken
from cftui.core.credentials.rotate import replace_token_secret
from cftui.core.errors import CftuiError, KeyringUnavailableError
from cftui.core.models.token_value import NewSecret
from cftui.core.tokens.holders import HolderSearch, VerifyId
from cftui.core.tokens.words import roll_words

if TYPE_CHECKING:
    from cftui.core.api.client import SyncCloudflareClient
    from cftui.core.api.requester import Requester
    from cftui.core.credentials.profiles import ProfileStore


@dataclass(frozen=True, slots=True)
class RollOutcome:
    """What a roll came to. ``secret`` is the new value (shown only as masked)."""

    token_id: str
    secret: NewSecret
    stored: tuple[str, ...] = ()  # profiles that now hold the new secret (read back)
    failed: tuple[tuple[str, CftuiError], ...] = ()  # profiles whose entry could not be replaced
    in_env: bool = False  # the environment's variable held the old value
    verified: bool | None = None  # the stored secret verified as this token; None: not asked
    verify_problem: str | None = None
    interrupted: BaseException | None = None  # a signal after the roll: re-raise once shown

    @property
    def must_show(self) -> bool:
        """The user needs the secret itself: nowhere it was stored, a variable to update, or
        a store that failed."""
        return not self.stored or self.in_env or bool(self.failed) or self.interrupted is not None


def roll_sync(client: SyncCloudflareClient, token_id: str, name: str) -> NewSecret:
    """``PUT /user/tokens/{id}/value``; a refusal in the user's words (nothing rolled)."""
    try:
        return client.roll_token(token_id)
    except CftuiError as error:
        raise roll_words(error, name, token_id) from None


async def roll(source: Requester, token_id: str, name: str) -> NewSecret:
    """``roll_sync`` for the TUI's loop (any async ``Requester``: a client, the app's
    session); ``store_rolled`` (the keyring) then runs in a thread, as every keyring call does."""
    try:
        return await source.request(endpoints.roll_token(token_id))
    except CftuiError as error:
        raise roll_words(error, name, token_id) from None


def store_rolled(
    secret: NewSecret,
    token_id: str,
    search: HolderSearch,
    store: ProfileStore | None,
    verify_id: VerifyId,
) -> RollOutcome:
    """Put ``secret`` into every profile ``search`` found holding the token, then verify it.
    Never raises once the roll is done: failures are in the outcome."""
    new = ApiToken(secret.reveal())
    stored: list[str] = []
    failed: list[tuple[str, CftuiError]] = []
    interrupted: BaseException | None = None
    for holder in search.profiles:
        assert holder.profile is not None
        try:
            if store is None:
                raise KeyringUnavailableError("No profile store to write the new secret to.")
            replace_token_secret(store, holder.profile, holder.credential, new)
            stored.append(holder.profile)
        except CftuiError as error:
            failed.append((holder.profile, error))
        except BaseException as stop:  # KeyboardInterrupt, a signal: the secret must survive
            failed.append((holder.profile, KeyringUnavailableError("Interrupted.")))
            interrupted = stop
            break
    verified, problem = None, None
    if stored and interrupted is None:
        try:
            verified = verify_id(new) == token_id
        except CftuiError as error:
            problem = error.message
        except BaseException as stop:
            interrupted = stop
    return RollOutcome(
        token_id,
        secret,
        tuple(stored),
        tuple(failed),
        search.in_env,
        verified,
        problem,
        interrupted,
    )
