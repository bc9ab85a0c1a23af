"""``cftui doctor``: its checks (``checks``), the run that makes them (``diagnose``) and the
report (``report``). This module is the command: its help, kept here with nothing else
imported so that every run's parser stays small, and ``run``, which imports the rest (no
submodule may be called ``run``: importing it would replace the function in this package)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from cftui.cli.options import (
    CREDENTIALS,
    SIGNALLED,
    add_timeout,
    common,
    epilog,
    examples,
)

if TYPE_CHECKING:
    from cftui.cli.context import Context
    from cftui.cli.options import Commands

DESCRIPTION = (
    "Check, in order, what a command needs: the keyring backend and whether it answers, the "
    "profile index, which credential would be used and why, and whether the Cloudflare API "
    "accepts it: whose it is (an account token: its account), the token's expiry, and which "
    "permissions cftui uses it lacks, each with what stays empty without it. Each line says "
    "✓, ✗ or ! (ok, FAIL or warn on a terminal without UTF-8) and the next "
    "step; no secret is shown."
)
EPILOG = epilog(
    CREDENTIALS,
    examples(
        "cftui doctor",
        "cftui doctor --profile work",
        "CLOUDFLARE_API_TOKEN=… cftui doctor --json | jq .exit_code",
    ),
    "exit codes: 0 when everything the credential in use needs works, else the code of the "
    "first failing check: 7 keyring, 3 profile index or no credential, 2 a malformed setting, "
    "4 rejected by Cloudflare, 5 network, 6 malformed answer; 1 internal error or output that "
    f"could not be written, {SIGNALLED}. Warnings (!) leave the exit code at 0: a permission "
    "the token lacks, a token expiring within 14 days, an account token, and a check that "
    "fails but is not needed (the keyring, when the token comes from the environment).",
)


def grammar(commands: Commands) -> None:
    doctor = commands.add_parser(
        "doctor",
        parents=[common("check this saved profile")],
        help="check the keyring, the profile index, the credential and the API",
        description=DESCRIPTION,
        epilog=EPILOG,
    )
    doctor.add_argument("--json", action="store_true", help="print JSON for scripts")
    add_timeout(doctor, default=10.0)


def run(args: argparse.Namespace, context: Context) -> int:
    from cftui.commands.doctor.diagnose import diagnose
    from cftui.commands.doctor.report import render_json, render_text

    diagnosis = diagnose(context, getattr(args, "profile", None), args.timeout)
    print(render_json(diagnosis) if args.json else render_text(diagnosis))
    return diagnosis.exit_code
