"""Replacing a rolled token's secret in the keyring: written, read back, and on any failure
the old entry left (or put back) as it was; rolling never loses the new secret."""

from __future__ import annotations

import keyring
import pytest

from cftui.core.credentials.kinds import ApiToken, to_secret_json
from cftui.core.credentials.profiles import ProfileStore
from cftui.core.credentials.rotate import replace_token_secret
from cftui.core.errors import CftuiError, KeyringUnavailableError
from cftui.core.models.token_value import NewSecret
from cftui.core.tokens.holders import Candidate, find_holders
from cftui.core.tokens.roll import store_rolled
from tests.support.keyrings import InMemoryKeyring, SetFailingKeyring

OLD = ApiToken("cfut_0ldRotateSecretTEST0123456789abcdefghij")
NEW = ApiToken("cfut_N3wRotateSecretTEST0123456789abcdefghij")
OTHER = ApiToken("cfut_0therRotateSecretTEST0123456789abcdefgh")


@pytest.fixture
def store() -> ProfileStore:
    made = ProfileStore()
    made.save("work", OLD)
    made.save("home", OTHER)
    return made


def test_the_new_secret_replaces_the_old_and_the_index_stays(store: ProfileStore) -> None:
    before = store.list_profiles()
    replace_token_secret(store, "work", OLD, NEW)
    assert store.load("work") == NEW and store.load("home") == OTHER
    assert store.list_profiles() == before


def test_an_entry_changed_since_it_was_read_is_left_alone(store: ProfileStore) -> None:
    with pytest.raises(KeyringUnavailableError, match="changed while the token was rolled"):
        replace_token_secret(store, "work", OTHER, NEW)
    assert store.load("work") == OLD


def test_a_keyring_that_refuses_leaves_the_old_entry(
    store: ProfileStore, memory_keyring: InMemoryKeyring
) -> None:
    failing = SetFailingKeyring()
    failing.store = dict(memory_keyring.store)
    keyring.set_keyring(failing)
    with pytest.raises(KeyringUnavailableError) as caught:
        replace_token_secret(store, "work", OLD, NEW)
    assert "was not touched" in caught.value.message
    assert failing.store[("cftui", "work")] == to_secret_json(OLD)
    assert NEW.token not in f"{caught.value.message} {caught.value.hint} {caught.value.detail}"


def test_holders_are_found_by_their_verify_id_and_failures_reported() -> None:
    ids = {OLD.token: "t1", OTHER.token: "t2"}

    def verify_id(credential: ApiToken) -> str | None:
        if credential.token not in ids:
            raise KeyringUnavailableError("cannot check")
        return ids[credential.token]

    candidates = [
        Candidate("profile work", "work", OLD),
        Candidate("profile home", "home", OTHER),
        Candidate("env CLOUDFLARE_API_TOKEN", None, OLD),
        Candidate("profile broken", "broken", NEW),
    ]
    search = find_holders("t1", candidates, verify_id)
    assert [c.source for c in search.holders] == ["profile work", "env CLOUDFLARE_API_TOKEN"]
    assert search.in_env and [c.profile for c in search.profiles] == ["work"]
    assert search.unchecked == (("profile broken", "cannot check"),)


def test_a_store_that_fails_after_the_roll_keeps_the_secret_in_the_outcome(
    store: ProfileStore, memory_keyring: InMemoryKeyring
) -> None:
    failing = SetFailingKeyring()
    failing.store = dict(memory_keyring.store)
    keyring.set_keyring(failing)
    search = find_holders("t1", [Candidate("profile work", "work", OLD)], lambda c: "t1")
    outcome = store_rolled(NewSecret(NEW.token), "t1", search, store, lambda c: "t1")
    assert outcome.must_show and outcome.stored == ()
    ((name, error),) = outcome.failed
    assert name == "work" and isinstance(error, CftuiError)
    assert outcome.secret.reveal() == NEW.token


def test_a_stored_secret_is_verified_and_needs_no_showing(store: ProfileStore) -> None:
    search = find_holders("t1", [Candidate("profile work", "work", OLD)], lambda c: "t1")
    outcome = store_rolled(NewSecret(NEW.token), "t1", search, store, lambda c: "t1")
    assert outcome.stored == ("work",) and outcome.verified is True and not outcome.must_show
    assert store.load("work") == NEW


def test_a_token_verify_calls_invalid_is_no_holder_and_no_trouble() -> None:
    from cftui.core.errors import ApiError

    def verify_id(credential: ApiToken) -> str | None:
        if credential == OTHER:
            raise ApiError("Invalid API Token", status=401, codes=(1000,))
        raise ApiError("Authentication error", status=403, codes=(10000,))

    candidates = [Candidate("profile home", "home", OTHER), Candidate("profile ip", "ip", OLD)]
    search = find_holders("t1", candidates, verify_id)
    assert search.holders == () and search.unchecked == (("profile ip", "Authentication error"),)
