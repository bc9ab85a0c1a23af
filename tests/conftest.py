"""Shared fixtures: no test touches the developer's keyring, config, env or the internet."""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend

from cftui.core import clock
from tests.support.fixed_clock import CHILD_ENV, fixed_now
from tests.support.keyrings import InMemoryKeyring

# Colour settings from the developer's shell would change every snapshot.
os.environ.pop("NO_COLOR", None)
os.environ.pop("TEXTUAL_THEME", None)
# Every child process the suite starts reads the same fixed day and skips its retry waits
# (tests/support/fixed_clock.py), also the ones whose environment is a copy of this one.
os.environ.update(CHILD_ENV)

CREDENTIAL_ENV = (
    "CLOUDFLARE_API_TOKEN",
    "CLOUDFLARE_EMAIL",
    "CLOUDFLARE_API_KEY",
    "CLOUDFLARE_BASE_URL",
    "PYTHON_KEYRING_BACKEND",
    # A developer's proxy would route loopback test traffic elsewhere.
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "http_proxy",
    "https_proxy",
    "all_proxy",
)

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _is_local(sock: socket.socket, address: Any) -> bool:
    if sock.family not in (socket.AF_INET, socket.AF_INET6):
        return True  # Unix sockets (D-Bus) are local by definition
    host = address[0]
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _guarded_connect(self: socket.socket, address: Any) -> None:
    if not _is_local(self, address):
        raise ConnectionRefusedError(f"tests may not reach the network ({address!r})")
    _real_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: Any) -> int:
    if not _is_local(self, address):
        raise ConnectionRefusedError(f"tests may not reach the network ({address!r})")
    return _real_connect_ex(self, address)


@pytest.fixture(autouse=True, scope="session")
def _no_internet() -> Iterator[None]:
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]
    yield
    socket.socket.connect = _real_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _real_connect_ex  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every date cftui shows in process is worked out on the suite's one fixed day."""
    monkeypatch.setattr(clock, "utc_now", fixed_now)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[InMemoryKeyring]:
    previous: KeyringBackend = keyring.get_keyring()
    backend = InMemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Clear credential variables and point the config directory at a temp dir."""
    for name in CREDENTIAL_ENV:
        monkeypatch.delenv(name, raising=False)
    config_dir = tmp_path / "config"
    monkeypatch.setenv("CFTUI_CONFIG_DIR", str(config_dir))
    return config_dir


QUICK_TIER = "unit"
SLOW_UNIT = frozenset(
    {
        # hypothesis runs thousands of examples; subprocesses pay an interpreter each
        "test_fuzz",
        "test_fuzz_accounts",
        "test_fuzz_wire",
        "test_dates",
        "test_config_file_kinds",
        "test_fake_api_scenarios",
        "test_fake_front_ends",  # every scenario through a loopback server and in process
        "test_profiles",
        "test_fixed_day",
        "test_core_isolation",
    }
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """``-m quick``: the unit tier without its fuzzing and subprocess modules (under 30 s)."""
    for item in items:
        if QUICK_TIER in item.path.parts and item.path.stem not in SLOW_UNIT:
            item.add_marker(pytest.mark.quick)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In CI a skipped test is a failure: a skip there would hide a missing install step."""
    if not os.environ.get("CI"):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter is not None else 0
    if skipped:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        if reporter is not None:
            reporter.write_line(f"CI: {skipped} test(s) skipped; skips are failures in CI.")


from tests.support.fake.server import FakeApi  # noqa: E402 -- appended with the fixture that needs it


@pytest.fixture(scope="session")
def fake_api() -> Iterator[FakeApi]:
    """The fake Cloudflare API on 127.0.0.1, shared by the whole session.

    ``fake_api.base_url("ok")`` is a valid CLOUDFLARE_BASE_URL; pass ``fresh=True`` for a
    scenario instance with its own request counter (flaky_503), and filter
    ``fake_api.requests`` by ``prefix``/``scenario`` (or call ``reset()``) to check headers.
    ``slow`` and ``stall_mid_body`` wait ``fake_api.delay`` seconds (5 here): use a shorter
    client timeout.
    """
    with FakeApi(delay=5.0) as api:
        yield api
