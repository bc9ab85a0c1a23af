"""Credentials, profiles, their index and the keyring (the only package importing keyring)."""
