"""The command line, mostly as a subprocess against the fake API."""
