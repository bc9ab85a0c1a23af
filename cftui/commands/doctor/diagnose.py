"""``cftui doctor``: what works, what does not, and the next step for each, on one screen.

The checks run in the order a command needs them: the keyring backend and whether it answers,
the profile index, which credential would be used and why, and whether the API answers:
whose the credential is, its expiry and the permissions cftui uses (``health_lines``). A
check that fails but is not needed by the credential in use (the keyring, when the token
comes from the environment) is a warning, not a failure. The exit code is that of the first
failing check (DESIGN's codes: 7 keyring, 3 profile index or no credential, 2 a malformed
setting, 4 rejected, 5 network, 6 malformed answer), else 0, warnings included. No secret is
shown: a credential is named by its source and masked.
"""

from __future__ import annotations

import platform
import sys
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cftui import __version__
from cftui.commands.doctor.checks import Check, Diagnosis
from cftui.core.errors import CftuiError, ExitCode, KeyringUnavailableError, NoCredentialsError

if TYPE_CHECKING:
    from collections.abc import Mapping

    from cftui.cli.context import Context
    from cftui.core.credentials.keyring_backend import BackendChoice
    from cftui.core.credentials.kinds import Credential
    from cftui.core.credentials.profiles import ProfileStore

ORDER = (
    "--profile NAME, then CLOUDFLARE_API_TOKEN, then CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY, "
    "then the default profile"
)


@dataclass
class Plan:
    """Which credential would be used, decided without reading any secret."""

    source: str | None = None  # "profile NAME", "env ..."
    profile: str | None = None
    why: str = ""
    credential: Credential | None = None
    notes: tuple[str, ...] = ()


def diagnose(context: Context, profile: str | None, timeout: float) -> Diagnosis:
    result = Diagnosis()
    result.add(
        Check(
            "version",
            "info",
            f"cftui {__version__}, Python {platform.python_version()} ({sys.executable})",
        )
    )
    store = context.profile_store()
    plan, plan_error = _plan(store, profile, context.env)
    keyring_needed = plan_error is None and (plan.source is None or plan.profile is not None)
    keyring_ok = _keyring(result, store, needed=keyring_needed, plan=plan)
    _index(result, store, needed=plan.source is None or plan.profile is not None)
    _credential(result, store, plan, plan_error, keyring_ok=keyring_ok)
    _api(result, context, plan, timeout)
    return result


def _plan(
    store: ProfileStore, profile: str | None, env: Mapping[str, str]
) -> tuple[Plan, CftuiError | None]:
    from cftui.core.credentials.env import from_env
    from cftui.core.credentials.profile_index import check_profile_name, read_index

    try:
        if profile is not None:
            check_profile_name(profile)
            return Plan(f"profile {profile}", profile, "--profile was given"), None
        resolved = from_env(env)
        if resolved is not None:
            why = "it is set, and the environment comes before the default profile"
            return Plan(resolved.source, None, why, resolved.credential, resolved.notes), None
        default = read_index(store.path).default
    except CftuiError as exc:
        return Plan(), exc
    if default is None:
        return Plan(), None
    why = "no --profile was given and no credential is set in the environment"
    return Plan(f"profile {default}", default, f"the default profile: {why}"), None


def _keyring(result: Diagnosis, store: ProfileStore, *, needed: bool, plan: Plan) -> bool:
    from cftui.core.credentials.keyring_check import check_keyring

    check = check_keyring(store.keystore, create=False, index_path=store.path)
    if check.choice is None:
        assert check.error is not None
        result.fail("keyring backend", check.error)
        return False
    choice = check.choice
    if choice.none_available:  # one line: the probe could only repeat it
        assert check.error is not None
        summary = (
            f"none available: {choice.name} ({choice.chosen_by}; on Linux: no Secret Service "
            "reachable over D-Bus)"
        )
        _keyring_trouble(result, "keyring backend", summary, check.error, choice, needed, plan)
        return False
    result.add(Check("keyring backend", "ok", f"{choice.name} ({choice.chosen_by})"))
    if choice.plain_text:
        result.add(
            Check(
                "keyring backend",
                "warn",
                "this backend stores secrets in plain text",
                'Prefer an encrypted backend: README, "Headless servers".',
            )
        )
    if check.error is None:
        result.add(Check("keyring", "ok", check.summary))
        return True
    _keyring_trouble(result, "keyring", check.error.message, check.error, choice, needed, plan)
    return False


def _keyring_trouble(
    result: Diagnosis,
    name: str,
    summary: str,
    error: KeyringUnavailableError,
    choice: BackendChoice,
    needed: bool,
    plan: Plan,
) -> None:
    from cftui.commands.keyring_help import keyring_next_step

    next_step = keyring_next_step(error, choice)
    if needed:
        result.add(Check(name, "fail", summary, next_step, ExitCode.KEYRING))
    else:  # the choices would only crowd out what matters now
        note = f"{summary} (not needed now: the credential comes from {plan.source})"
        later = (
            'To save profiles later, first make a keyring work (README, "Headless servers"); '
            "until then `cftui login` cannot save one."
        )
        result.add(Check(name, "warn", note, later))


def _index(result: Diagnosis, store: ProfileStore, *, needed: bool) -> None:
    from cftui.core.credentials.profile_index import read_index
    from cftui.core.errors import ConfigError
    from cftui.core.text import sanitize

    path = sanitize(str(store.path))
    try:
        exists = store.path.exists()
        index = read_index(store.path)
    except ConfigError as exc:
        if needed:
            result.fail("profile index", exc)
        else:
            result.add(Check("profile index", "warn", f"{exc.message} (not needed now)", exc.hint))
        return
    if not exists:
        result.add(Check("profile index", "ok", f"{path} (not created yet: no profile saved)"))
        return
    count = len(index.profiles)
    default = f"default '{index.default}'" if index.default else "no default"
    plural = "profile" if count == 1 else "profiles"
    result.add(Check("profile index", "ok", f"{path} (readable; {count} {plural}, {default})"))


def _credential(
    result: Diagnosis,
    store: ProfileStore,
    plan: Plan,
    plan_error: CftuiError | None,
    *,
    keyring_ok: bool,
) -> None:
    result.add(Check("credential order", "info", ORDER))
    if plan_error is not None:
        result.fail("credential", plan_error)
        return
    if plan.source is None:
        result.fail(
            "credential",
            NoCredentialsError(
                "none: no --profile, no CLOUDFLARE_API_TOKEN, no default profile",
                hint="Run `cftui login`, or set CLOUDFLARE_API_TOKEN."
                if keyring_ok
                else "Set CLOUDFLARE_API_TOKEN: `cftui login` needs the keyring, which does "
                "not work here (see above).",
            ),
        )
        return
    if plan.profile is not None:
        if not keyring_ok:
            result.fail(
                "credential",
                KeyringUnavailableError(
                    f"{plan.source} ({plan.why}), but its secret is in the keyring, "
                    "which does not work (see above)"
                ),
            )
            return
        try:
            plan.credential = store.load(plan.profile)
        except CftuiError as exc:
            result.fail("credential", exc, f"{plan.source} ({plan.why}): {exc.message}")
            return
    assert plan.credential is not None
    summary = f"{plan.source}, {plan.credential.describe()} ({plan.why})"
    result.add(Check("credential", "ok", summary))
    for note in plan.notes:
        result.add(Check("credential", "warn", note))


def _api(result: Diagnosis, context: Context, plan: Plan, timeout: float) -> None:
    """The quick check ``cftui status`` makes, for the credential in use: whose it is, the
    token's expiry and the permissions cftui uses (``health_lines``)."""
    from cftui.commands.doctor.health_lines import API, credential_lines
    from cftui.core.overview.quick import fetch_quick_sync

    credential = plan.credential
    resolved = None
    if credential is not None and plan.source is not None:
        from cftui.core.credentials.env import ResolvedCredential

        resolved = ResolvedCredential(credential, plan.source, plan.profile)
    try:
        base_url = context.base_url()
        if credential is None:
            _reach(result, base_url, timeout)
            return
        with context.client(credential, timeout, retries=0) as client:
            started = time.monotonic()
            check = fetch_quick_sync(client)
            seconds = time.monotonic() - started
    except CftuiError as exc:
        from cftui.core.env_advice import for_the_source

        result.fail(API, for_the_source(exc, resolved))  # the variable to fix, not a login
        return
    credential_lines(result, check, context.utc_now(), base_url, seconds, resolved)


def _reach(result: Diagnosis, base_url: str, timeout: float) -> None:
    from cftui.core.api.transport.reachability import reach

    status, seconds = reach(base_url, timeout)
    result.add(
        Check(
            "Cloudflare API",
            "ok",
            f"{base_url} answers (HTTP {status} in {seconds:.1f}\u00a0s, asked without a "
            "credential: there is none to check)",
        )
    )
