"""Accounts a user belongs to: memberships merged with organizations, rows, scopes."""
