"""The embedded demo account, answering like the API."""
