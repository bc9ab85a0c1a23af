"""Saved profiles for the fake API's fleet, written straight to a config directory and the
file keyring (``tests.support.keyrings.FileKeyring``), as ``cftui login`` would leave them:
``login`` verifies against the API, and some personas are there to fail that.

    # profiles for a manual run, under HOME (prints the variables to export):
    python -m tests.support.fleet_profiles HOME [PERSONA ...]
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

from tests.support.fake.fleet import GLOBAL_EMAIL, GLOBAL_KEY, TOKENS

SERVICE = "cftui"


def secret_of(persona: str) -> dict[str, str]:
    """The keyring value of a persona's profile (what ``to_secret_json`` writes)."""
    if persona == "global":
        return {"type": "global_key", "email": GLOBAL_EMAIL, "key": GLOBAL_KEY}
    return {"type": "token", "token": TOKENS[persona]}


def save_fleet(
    home: Path,
    profiles: Mapping[str, str],
    *,
    default: str | None = None,
    without_secret: Iterable[str] = (),
) -> None:
    """``profiles`` maps a profile name to its persona; ``without_secret`` are listed in the
    index but have no keyring entry (a secret deleted behind cftui's back)."""
    skipped = set(without_secret)
    config = home / "config"
    config.mkdir(parents=True, exist_ok=True)
    index = {
        "version": 1,
        "default": default,
        "profiles": {
            name: {"kind": "global_key" if persona == "global" else "token", "email": None}
            for name, persona in profiles.items()
        },
    }
    (config / "config.json").write_text(json.dumps(index))
    keyring = {
        f"{SERVICE}\x00{name}": json.dumps(secret_of(persona))
        for name, persona in profiles.items()
        if name not in skipped
    }
    (home / "keyring.json").write_text(json.dumps(keyring))


def main(argv: list[str]) -> int:
    home = Path(argv[0]).resolve()
    personas = argv[1:] or ["good", "expiring", "account", "no_members", "rejected", "slow"]
    save_fleet(home, {p.replace("_", "-"): p for p in personas}, default=personas[0])
    print(f"export CFTUI_CONFIG_DIR={home / 'config'}")
    print("export PYTHON_KEYRING_BACKEND=tests.support.keyrings.FileKeyring")
    print(f"export CFTUI_TEST_KEYRING_FILE={home / 'keyring.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
