"""The demo's package data: API answers stored as JSON beside this module."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def _text(name: str) -> str:
    return resources.files("cftui.core.demo").joinpath(name).read_text("utf-8")


def load(name: str) -> dict[str, Any]:
    """A fresh copy of the JSON object in ``name``: callers may change what they get."""
    body: dict[str, Any] = json.loads(_text(name))
    return body
