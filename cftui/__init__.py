"""cftui: a terminal app for Cloudflare account holders."""

__version__ = "0.1.0"
