"""The permissions an API token for cftui needs, and where to make one: said the same way
wherever cftui advises on a new token, so that a token made by the words works everywhere
cftui looks (the profile, the accounts, the token list)."""

from __future__ import annotations

TOKENS_PAGE = "https://dash.cloudflare.com/profile/api-tokens"
"""The dashboard page where a user's API tokens are made (My Profile → API Tokens)."""

PERMISSIONS = (
    ("User Details: Read", "who you are (required)"),
    ("Memberships: Read", "your accounts and invitations"),
    ("API Tokens: Read", "your API tokens and what they may do"),
)
"""(permission, what cftui uses it for), all in the "User" group of a custom token."""


def create_token_advice() -> str:
    """Where to create the token and with which permissions, one a line (fits 80 columns)."""
    width = max(len(name) for name, _ in PERMISSIONS)
    lines = [
        f"Create a token at {TOKENS_PAGE}",
        "(Create Custom Token) with these User permissions:",
        *(f"  {name:<{width}}  {why}" for name, why in PERMISSIONS),
    ]
    return "\n".join(lines)
