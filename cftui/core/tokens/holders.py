"""Which of the user's credentials is a given token: the stored profiles and the environment.

A secret does not say which token it is; ``/user/tokens/verify`` does (its ``id``). So every
candidate API token is verified, concurrently, and the ones whose id is the rolled token's
are its holders. A candidate that could not be checked (its keyring entry unreadable, its
verify failing) is reported, not guessed: the caller says so, as the new secret may then
belong there too. A token verify calls invalid (deleted, revoked) is simply not this one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from cftui.core.api.pager import IN_FLIGHT
from cftui.core.credentials.kinds import ApiToken
from cftui.core.errors import ApiError, CftuiError
from cftui.core.pools import thread_pool

INVALID_TOKEN = 1000
"""Verify's "Invalid API Token": a deleted or revoked token, which is not the one rolled."""
VerifyId = Callable[[ApiToken], "str | None"]
"""The id ``/user/tokens/verify`` answers for a token (raises ``CftuiError`` on failure)."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """An API token the user keeps somewhere: ``profile`` names a stored profile (``None``
    for the environment's); ``source`` says where, in words (``profile work``)."""

    source: str
    profile: str | None
    credential: ApiToken


@dataclass(frozen=True, slots=True)
class HolderSearch:
    holders: tuple[Candidate, ...]
    unchecked: tuple[tuple[str, str], ...]  # (source, why it could not be checked)

    @property
    def profiles(self) -> tuple[Candidate, ...]:
        return tuple(c for c in self.holders if c.profile is not None)

    @property
    def in_env(self) -> bool:
        return any(c.profile is None for c in self.holders)


def find_holders(
    token_id: str,
    candidates: Sequence[Candidate],
    verify_id: VerifyId,
    unchecked: Sequence[tuple[str, str]] = (),
) -> HolderSearch:
    """The candidates whose verify answers ``token_id``; one request each, ``IN_FLIGHT`` at
    a time. ``unchecked`` carries candidates the caller could not even load."""
    holders: list[Candidate] = []
    failed = list(unchecked)
    if not candidates:
        return HolderSearch((), tuple(failed))
    with thread_pool(min(IN_FLIGHT, len(candidates)), "holder") as pool:
        futures = [(c, pool.submit(verify_id, c.credential)) for c in candidates]
        for candidate, future in futures:
            try:
                said = future.result()
            except ApiError as error:
                if INVALID_TOKEN not in error.codes:
                    failed.append((candidate.source, error.message))
                continue
            except CftuiError as error:
                failed.append((candidate.source, error.message))
                continue
            if said == token_id:
                holders.append(candidate)
    return HolderSearch(tuple(holders), tuple(failed))
