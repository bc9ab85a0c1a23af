"""Shared by every tier: the fake API, fakes, builders, keyrings, the fixed clock, waiting."""
