"""Parsed API objects: user, accounts, memberships, token status; their field readers."""
