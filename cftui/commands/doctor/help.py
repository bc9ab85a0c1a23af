"""``cftui doctor --help``: kept apart so the parser stays small and imports nothing else."""

DOCTOR_DESCRIPTION = (
    "Check, in order, what a command needs: the keyring backend and whether it answers, the "
    "profile index, which credential would be used and why, and whether the Cloudflare API "
    "answers. Each line says ✓ or ✗ (ok or FAIL on a terminal without UTF-8) and the next "
    "step; no secret is shown."
)
DOCTOR_EPILOG = (
    "exit: 0 when everything the credential in use needs works, else the code of the first "
    "failing check: 7 keyring, 3 profile index or no credential, 2 a malformed setting, "
    "4 rejected by Cloudflare, 5 network, 6 malformed answer. A check that fails but is not "
    "needed (the keyring, when the token comes from the environment) is a warning (!)."
)
