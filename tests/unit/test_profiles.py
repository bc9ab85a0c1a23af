"""ProfileStore: the index file, the keyring entries, and which credential a run uses."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from cftui.core.credentials import profile_index
from cftui.core.credentials.kinds import ApiToken, GlobalApiKey, to_secret_json
from cftui.core.credentials.profile_index import config_dir
from cftui.core.credentials.profiles import ProfileInfo, ProfileStore
from cftui.core.errors import ConfigError, NoCredentialsError, UsageError
from tests.support.fixed_clock import CHILD_PYTHONPATH
from tests.support.keyrings import FileKeyring, InMemoryKeyring
from tests.support.waiting import DEADLINE, end

FILE_KEYRING = "tests.support.keyrings.FileKeyring"
REPO = Path(__file__).resolve().parents[2]
TOKEN = ApiToken("cfut_" + "A1b2C3d4E5" * 4)
OTHER_TOKEN = ApiToken("cfut_" + "Z9y8X7w6V5" * 4)
GKEY = GlobalApiKey("someone@example.com", "0123456789abcdef0123456789abcdef01234")


@pytest.fixture
def store(isolated_env: Path) -> ProfileStore:
    return ProfileStore()


def test_round_trip_keeps_secrets_in_the_keyring_only(
    store: ProfileStore, memory_keyring: InMemoryKeyring
) -> None:
    store.save("work", TOKEN)
    store.save("legacy", GKEY)
    assert store.load("work") == TOKEN
    assert store.load("legacy") == GKEY
    assert memory_keyring.store[("cftui", "work")] == to_secret_json(TOKEN)
    assert store.list_profiles() == [
        ProfileInfo("legacy", "global_key", GKEY.email, False),
        ProfileInfo("work", "token", None, True),
    ]
    text = store.path.read_text()
    assert json.loads(text) == {
        "version": 1,
        "default": "work",
        "profiles": {
            "work": {"kind": "token", "email": None, "verified_email": None, "verified_on": None},
            "legacy": {
                "kind": "global_key",
                "email": GKEY.email,
                "verified_email": None,
                "verified_on": None,
            },
        },
    }
    assert TOKEN.token not in text
    assert GKEY.key not in text


def test_defaults_follow_saves_and_removals(store: ProfileStore) -> None:
    store.save("a", TOKEN)
    store.save("b", TOKEN)
    store.save("c", TOKEN)
    assert store.default_name() == "a"  # the first one saved
    store.save("b", OTHER_TOKEN, make_default=True)
    assert store.default_name() == "b"
    store.set_default("c")
    assert store.default_name() == "c"
    store.remove("c")
    assert store.default_name() is None  # two left: no guessing
    store.remove("a")
    assert [p.name for p in store.list_profiles()] == ["b"]
    assert store.default_name() is None
    store.save("d", TOKEN)  # no default: the next save takes it
    assert store.default_name() == "d"
    store.remove("d")
    assert store.default_name() == "b"  # exactly one left: it becomes the default


def test_remove_tolerates_a_missing_keyring_entry(
    store: ProfileStore, memory_keyring: InMemoryKeyring
) -> None:
    store.save("work", TOKEN)
    del memory_keyring.store[("cftui", "work")]
    store.remove("work")
    assert store.list_profiles() == []


def test_unknown_profile_lists_known_ones(store: ProfileStore) -> None:
    store.save("work", TOKEN)
    store.save("home", TOKEN)
    for call in (store.load, store.remove, store.set_default):
        with pytest.raises(NoCredentialsError) as info:
            call("play")
        assert "'play'" in info.value.message
        assert "home, work" in str(info.value.hint)
        assert "cftui login --profile play" in str(info.value.hint)


@pytest.mark.parametrize("value", [None, "not json", '{"type": "token"}', "[1]"])
def test_missing_or_unreadable_keyring_entry(
    store: ProfileStore, memory_keyring: InMemoryKeyring, value: str | None
) -> None:
    store.save("work", TOKEN)
    if value is None:
        del memory_keyring.store[("cftui", "work")]
    else:
        memory_keyring.store[("cftui", "work")] = value
    with pytest.raises(NoCredentialsError) as info:
        store.load("work")
    assert "keyring" in info.value.message
    assert "cftui login --profile work" in str(info.value.hint)


@pytest.mark.parametrize("name", ["", "a b", "x" * 65, "../etc", "wörk", "a\x1b[2J", "a/b"])
def test_bad_profile_names_are_usage_errors(store: ProfileStore, name: str) -> None:
    for call in (store.load, store.remove, store.set_default, lambda n: store.save(n, TOKEN)):
        with pytest.raises(UsageError) as info:
            call(name)
        assert "\x1b" not in info.value.message
    with pytest.raises(UsageError):
        store.resolve(profile=name, env={})
    assert not store.path.exists()


@pytest.mark.parametrize("name", ["a", "x" * 64, "work-2", "my_prof.1", "UPPER"])
def test_good_profile_names(store: ProfileStore, name: str) -> None:
    store.save(name, TOKEN)
    assert store.load(name) == TOKEN


def test_file_and_directory_modes(store: ProfileStore) -> None:
    store.save("work", TOKEN)
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.config_dir.stat().st_mode) == 0o700
    store.save("home", TOKEN)  # a rewrite keeps the mode
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert sorted(p.name for p in store.config_dir.iterdir()) == ["config.json", "config.json.lock"]


def test_config_dir_env_wins_over_platformdirs(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert config_dir() == Path(os.environ["CFTUI_CONFIG_DIR"])
    monkeypatch.delenv("CFTUI_CONFIG_DIR")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    expected = tmp_path / "xdg" / "cftui"
    assert config_dir() == expected if sys.platform == "linux" else config_dir().name == "cftui"


CORRUPT = {
    "bad json": b'{"version": 1, "profiles": {',
    "empty": b"",
    "not utf-8": b'{"version": 1, "default": "\xff"}',
    "array": b"[]",
    "no version": b'{"default": null, "profiles": {}}',
    "version as string": b'{"version": "1", "default": null, "profiles": {}}',
    "version as bool": b'{"version": true, "default": null, "profiles": {}}',
    "unknown version": b'{"version": 2, "default": null, "profiles": {}}',
    "profiles as list": b'{"version": 1, "default": null, "profiles": []}',
    "entry as string": b'{"version": 1, "default": null, "profiles": {"a": "token"}}',
    "unknown kind": b'{"version": 1, "default": null, "profiles": {"a": {"kind": "oauth"}}}',
    "email as number": b'{"version":1,"default":null,"profiles":{"a":{"kind":"token","email":1}}}',
    "bad name": b'{"version": 1, "default": null, "profiles": {"a b": {"kind": "token"}}}',
    "default as number": b'{"version": 1, "default": 3, "profiles": {}}',
}


@pytest.mark.parametrize("raw", CORRUPT.values(), ids=CORRUPT.keys())
def test_corrupt_index_is_reported_and_never_overwritten(
    store: ProfileStore, memory_keyring: InMemoryKeyring, raw: bytes
) -> None:
    store.config_dir.mkdir(parents=True)
    store.path.write_bytes(raw)
    calls = [
        store.list_profiles,
        store.default_name,
        lambda: store.load("a"),
        lambda: store.save("a", TOKEN),
        lambda: store.save("new", TOKEN, make_default=True),
        lambda: store.remove("a"),
        lambda: store.set_default("a"),
        lambda: store.resolve(env={}),
    ]
    for call in calls:
        with pytest.raises(ConfigError) as info:
            call()
        assert str(store.path) in info.value.message
    assert store.path.read_bytes() == raw
    assert memory_keyring.store == {}  # the save was refused before the keyring
    # Credentials from the environment do not need the index at all.
    resolved = store.resolve(env={"CLOUDFLARE_API_TOKEN": TOKEN.token})
    assert resolved.credential == TOKEN


def test_dangling_default_means_no_default(store: ProfileStore) -> None:
    store.config_dir.mkdir(parents=True)
    store.path.write_text(
        '{"version": 1, "default": "gone", "profiles": {"a": {"kind": "token", "email": null}}}'
    )
    assert store.default_name() is None
    with pytest.raises(NoCredentialsError, match="no default profile"):
        store.resolve(env={})


def test_failed_replace_keeps_old_file_and_credential(
    store: ProfileStore, memory_keyring: InMemoryKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save("work", TOKEN)
    before_file = store.path.read_bytes()
    before_keyring = dict(memory_keyring.store)

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(profile_index.os, "replace", refuse)
    with pytest.raises(ConfigError) as info:
        store.save("work", OTHER_TOKEN, make_default=True)
    assert "Permission denied" in info.value.message
    with pytest.raises(ConfigError):
        store.save("new", OTHER_TOKEN)
    assert store.path.read_bytes() == before_file
    assert memory_keyring.store == before_keyring  # old secret back, new entry deleted
    assert sorted(p.name for p in store.config_dir.iterdir()) == ["config.json", "config.json.lock"]


def test_unwritable_directory_loses_nothing(
    store: ProfileStore, memory_keyring: InMemoryKeyring
) -> None:
    store.save("work", TOKEN)
    before_file = store.path.read_bytes()
    before_keyring = dict(memory_keyring.store)
    (store.config_dir / "config.json.lock").unlink()
    (store.config_dir / "config.json.lock").mkdir()  # even root cannot open a directory to write
    for call in (
        lambda: store.save("work", OTHER_TOKEN),
        lambda: store.save("new", OTHER_TOKEN),
        lambda: store.remove("work"),
    ):
        with pytest.raises(ConfigError) as info:
            call()
        assert str(store.path) in info.value.message
    assert store.path.read_bytes() == before_file
    assert memory_keyring.store == before_keyring
    assert store.load("work") == TOKEN


def test_config_dir_that_cannot_exist(tmp_path: Path, memory_keyring: InMemoryKeyring) -> None:
    (tmp_path / "file").write_text("")
    store = ProfileStore(tmp_path / "file" / "cftui")
    with pytest.raises(ConfigError) as info:
        store.save("work", TOKEN)
    assert str(store.path) in info.value.message
    assert memory_keyring.store == {}


WRITER = """
import sys
from cftui.core.credentials.kinds import ApiToken
from cftui.core.credentials.profiles import ProfileStore
prefix, count = sys.argv[1], int(sys.argv[2])
store = ProfileStore()
sys.stdin.readline()
for i in range(count):
    store.save(f"{prefix}{i}", ApiToken(f"cfut_{prefix}{i:040d}"))
"""

READER = """
import json, sys
from pathlib import Path
path, stop = Path(sys.argv[1]), Path(sys.argv[2])
reads = bad = 0
while not stop.exists():
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        continue
    reads += 1
    try:
        json.loads(raw)
    except ValueError:
        bad += 1
print(reads, bad)
"""


def test_two_processes_saving_at_once(
    store: ProfileStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keyring_file = tmp_path / "keyring.json"
    monkeypatch.setenv("CFTUI_TEST_KEYRING_FILE", str(keyring_file))
    env = dict(
        os.environ,
        PYTHONPATH=CHILD_PYTHONPATH,
        PYTHON_KEYRING_BACKEND=FILE_KEYRING,
    )
    count, stop = 40, tmp_path / "stop"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(store.path), str(stop)],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        text=True,
    )
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, prefix, str(count)],
            env=env,
            stdin=subprocess.PIPE,
            text=True,
        )
        for prefix in ("a", "b")
    ]
    try:
        for writer in writers:  # both wait at readline() until both are started
            assert writer.stdin is not None
            writer.stdin.write("go\n")
            writer.stdin.flush()
        assert [w.wait(timeout=120) for w in writers] == [0, 0]
        stop.touch()  # the reader loops until it sees this
        out, _ = reader.communicate(timeout=DEADLINE)
    finally:
        for proc in (*writers, reader):
            end(proc)
    reads, bad = map(int, out.split())
    assert reads > 0
    assert bad == 0  # never a half-written file

    import keyring

    keyring.set_keyring(FileKeyring())
    names = {f"{p}{i}" for p in "ab" for i in range(count)}
    assert {p.name for p in store.list_profiles()} == names  # no update lost
    assert store.default_name() in {"a0", "b0"}
    for name in names:
        assert store.load(name) == ApiToken(f"cfut_{name[0]}{int(name[1:]):040d}")


# -- resolution ------------------------------------------------------------------------

ENV_TOKEN = "cfut_" + "E1n2V3t4K5" * 4
ENV_KEY = "fedcba9876543210fedcba9876543210fedcb"
ENV_EMAIL = "env@example.com"


@pytest.mark.parametrize(
    ("profile", "env", "source", "credential"),
    [
        ("work", {"CLOUDFLARE_API_TOKEN": ENV_TOKEN}, "profile work", TOKEN),
        ("home", {}, "profile home", GKEY),
        (
            None,
            {"CLOUDFLARE_API_TOKEN": ENV_TOKEN},
            "env CLOUDFLARE_API_TOKEN",
            ApiToken(ENV_TOKEN),
        ),
        (
            None,
            {"CLOUDFLARE_EMAIL": ENV_EMAIL, "CLOUDFLARE_API_KEY": ENV_KEY},
            "env CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY",
            GlobalApiKey(ENV_EMAIL, ENV_KEY),
        ),
        (None, {}, "profile work", TOKEN),
        (None, {"CLOUDFLARE_API_TOKEN": "", "CLOUDFLARE_API_KEY": " "}, "profile work", TOKEN),
    ],
    ids=["--profile beats env", "--profile", "token", "email+key", "default", "empty vars"],
)
def test_resolution_order(
    store: ProfileStore,
    profile: str | None,
    env: dict[str, str],
    source: str,
    credential: ApiToken | GlobalApiKey,
) -> None:
    store.save("work", TOKEN)
    store.save("home", GKEY)
    resolved = store.resolve(profile, env)
    assert resolved.credential == credential
    assert resolved.source == source
    from_profile = source.startswith("profile ")
    assert resolved.profile == (source.removeprefix("profile ") if from_profile else None)


def test_resolution_reads_os_environ_by_default(
    store: ProfileStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLOUDFLARE_API_TOKEN", ENV_TOKEN)
    assert store.resolve().source == "env CLOUDFLARE_API_TOKEN"


def test_both_env_schemes_token_wins_and_says_so(store: ProfileStore) -> None:
    env = {
        "CLOUDFLARE_API_TOKEN": ENV_TOKEN,
        "CLOUDFLARE_EMAIL": ENV_EMAIL,
        "CLOUDFLARE_API_KEY": ENV_KEY,
    }
    resolved = store.resolve(env=env)
    assert resolved.credential == ApiToken(ENV_TOKEN)
    assert resolved.notes == (
        "both CLOUDFLARE_API_TOKEN and CLOUDFLARE_API_KEY are set; using the token",
    )
    assert store.resolve(env={"CLOUDFLARE_API_TOKEN": ENV_TOKEN}).notes == ()


def test_profile_flag_notes_the_ignored_env(store: ProfileStore) -> None:
    store.save("work", TOKEN)
    resolved = store.resolve("work", {"CLOUDFLARE_API_TOKEN": ENV_TOKEN})
    assert resolved.notes == ("--profile work is used; CLOUDFLARE_API_TOKEN ignored",)


def test_key_without_email(store: ProfileStore) -> None:
    with pytest.raises(UsageError) as info:
        store.resolve(env={"CLOUDFLARE_API_KEY": ENV_KEY})
    assert "CLOUDFLARE_EMAIL is not" in info.value.message
    assert ENV_KEY not in str(info.value)


def test_email_without_key_falls_through_with_a_note(store: ProfileStore) -> None:
    store.save("work", TOKEN)
    resolved = store.resolve(env={"CLOUDFLARE_EMAIL": ENV_EMAIL})
    assert resolved.source == "profile work"
    assert resolved.notes == ("CLOUDFLARE_EMAIL is set without CLOUDFLARE_API_KEY; ignored",)


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"CLOUDFLARE_API_TOKEN": ENV_KEY}, "CLOUDFLARE_API_TOKEN"),  # a Global key as token
        ({"CLOUDFLARE_API_TOKEN": ENV_TOKEN + " x"}, "CLOUDFLARE_API_TOKEN"),
        ({"CLOUDFLARE_EMAIL": ENV_EMAIL, "CLOUDFLARE_API_KEY": ENV_TOKEN}, "CLOUDFLARE_API_KEY"),
        ({"CLOUDFLARE_EMAIL": "nobody", "CLOUDFLARE_API_KEY": ENV_KEY}, "CLOUDFLARE_EMAIL"),
    ],
)
def test_bad_env_values_name_the_variable_not_the_value(
    store: ProfileStore, env: dict[str, str], variable: str
) -> None:
    store.save("work", TOKEN)  # a usable default does not paper over a broken variable
    with pytest.raises(UsageError) as info:
        store.resolve(env=env)
    text = f"{info.value} {info.value.detail}"
    assert variable in text
    assert ENV_KEY not in text
    assert ENV_TOKEN not in text


def test_nothing_to_use(store: ProfileStore) -> None:
    with pytest.raises(NoCredentialsError) as info:
        store.resolve(env={})
    assert info.value.hint == (
        "Run `cftui login`, set CLOUDFLARE_API_TOKEN, or try `cftui --demo`."
    )


def test_profiles_but_no_default(store: ProfileStore) -> None:
    store.save("a", TOKEN)
    store.save("b", TOKEN)
    store.save("c", TOKEN, make_default=True)
    store.remove("c")
    with pytest.raises(NoCredentialsError) as info:
        store.resolve(env={})
    assert "a, b" in str(info.value.hint)


def test_env_resolution_does_not_import_keyring(isolated_env: Path) -> None:
    code = (
        "import sys\n"
        "from cftui.core.credentials.profiles import ProfileStore\n"
        "r = ProfileStore().resolve(env={'CLOUDFLARE_API_TOKEN': sys.argv[1]})\n"
        "print(r.source, 'keyring' in sys.modules, 'platformdirs' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, ENV_TOKEN],
        env=dict(os.environ, PYTHONPATH=CHILD_PYTHONPATH),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.split() == ["env", "CLOUDFLARE_API_TOKEN", "False", "False"]
