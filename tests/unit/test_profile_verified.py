"""Whose a profile is, as verified when ``login`` saved it: kept in the index, read back, and
absent (not an error) in an index written before cftui recorded it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cftui.core.credentials.kinds import ApiToken
from cftui.core.credentials.profile_index import ConfigIndex, ProfileEntry, parse_index
from cftui.core.credentials.profiles import ProfileStore
from cftui.core.errors import ConfigError
from tests.support.keyrings import InMemoryKeyring

TOKEN = ApiToken("cfut_" + "A1b2C3d4E5" * 4)
OLD_INDEX = {
    "version": 1,
    "default": "work",
    "profiles": {"work": {"kind": "token", "email": None}},
}


def _index(entry: dict[str, object]) -> bytes:
    return json.dumps({"version": 1, "default": None, "profiles": {"p": entry}}).encode()


def test_an_index_without_the_fields_reads_as_not_known(isolated_env: Path) -> None:
    isolated_env.mkdir()
    (isolated_env / "config.json").write_text(json.dumps(OLD_INDEX))
    [info] = ProfileStore().list_profiles()
    assert (info.name, info.is_default) == ("work", True)
    assert (info.verified_email, info.verified_on) == (None, None)


def test_save_records_and_reads_back_the_verification(
    isolated_env: Path, memory_keyring: InMemoryKeyring
) -> None:
    store = ProfileStore()
    store.save("work", TOKEN, verified=("ada@example.com", "2026-11-29"))
    store.save("ci", TOKEN, verified=(None, "2026-11-28"))
    store.save("plain", TOKEN)
    found = {p.name: (p.verified_email, p.verified_on) for p in store.list_profiles()}
    assert found == {
        "work": ("ada@example.com", "2026-11-29"),
        "ci": (None, "2026-11-28"),
        "plain": (None, None),
    }
    text = store.path.read_text()
    assert TOKEN.token not in text
    assert json.loads(text)["profiles"]["work"]["verified_on"] == "2026-11-29"


def test_other_changes_to_the_index_keep_the_verification(
    isolated_env: Path, memory_keyring: InMemoryKeyring
) -> None:
    store = ProfileStore()
    store.save("work", TOKEN, verified=("ada@example.com", "2026-11-29"))
    store.save("home", TOKEN, verified=("bob@example.com", "2026-11-20"))
    store.set_default("home")
    store.remove("home")
    [info] = store.list_profiles()
    assert (info.verified_email, info.verified_on) == ("ada@example.com", "2026-11-29")


def test_a_new_save_without_verification_forgets_the_old_one(
    isolated_env: Path, memory_keyring: InMemoryKeyring
) -> None:
    """The verification was of the secret it replaced."""
    store = ProfileStore()
    store.save("work", TOKEN, verified=("ada@example.com", "2026-11-29"))
    store.save("work", TOKEN)
    [info] = store.list_profiles()
    assert (info.verified_email, info.verified_on) == (None, None)


def test_the_round_trip_through_json_is_exact() -> None:
    index = ConfigIndex(
        default="p",
        profiles={"p": ProfileEntry("token", None, "ada@example.com", "2026-11-29")},
    )
    raw = json.dumps(index.to_json()).encode()
    assert parse_index(Path("config.json"), raw) == index


@pytest.mark.parametrize(
    ("entry", "says"),
    [
        ({"kind": "token", "verified_email": 7}, '"profiles.p.verified_email" is not a string'),
        (
            {"kind": "token", "verified_email": "a\x1b[31m@example.com"},
            '"profiles.p.verified_email" holds control characters',
        ),
        ({"kind": "token", "verified_on": "yesterday"}, "is not a YYYY-MM-DD date"),
        ({"kind": "token", "verified_on": 20261129}, '"profiles.p.verified_on" is not a string'),
    ],
)
def test_malformed_fields_are_reported(entry: dict[str, object], says: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_index(Path("config.json"), _index(entry))
    assert says in caught.value.message
