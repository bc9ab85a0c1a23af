"""What ``cftui doctor`` found: one ``Check`` a line, and the ``Diagnosis`` they make up."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from cftui.core.errors import CftuiError

State = Literal["ok", "fail", "warn", "info"]


@dataclass
class Check:
    name: str
    state: State
    summary: str
    next_step: str | None = None
    exit_code: int | None = None


@dataclass
class Diagnosis:
    checks: list[Check] = field(default_factory=list)

    def add(self, check: Check) -> Check:
        self.checks.append(check)
        return check

    def fail(self, name: str, error: CftuiError, summary: str | None = None) -> None:
        self.add(Check(name, "fail", summary or error.message, error.hint, int(error.exit_code)))

    @property
    def exit_code(self) -> int:
        return next((c.exit_code or 1 for c in self.checks if c.state == "fail"), 0)
