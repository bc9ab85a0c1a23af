"""The pure-Python core: credentials, the API client and models. Never imports Textual."""
