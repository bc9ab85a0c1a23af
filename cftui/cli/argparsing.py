"""argparse the way a user at a shell needs it.

- A mistyped command or option gets a "did you mean" (``cftui whoiam``, ``whoami --jsn``).
- An unknown option is reported by the subcommand it was given to, with that subcommand's
  usage, not the top-level one (argparse collects leftovers at the top).
- Help text is re-flowed to the terminal, at most 80 columns, paragraphs kept.
- Nothing that looks like a secret is echoed back: a token pasted as an argument is masked.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Iterable, Sequence
from typing import Any, NoReturn

MAX_HELP_WIDTH = 80
_INVALID_CHOICE = re.compile(r"invalid choice: (['\"])(?P<value>.*?)\1")


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate ``word`` was most likely meant to be, if any is close enough."""
    import difflib  # only for a mistake

    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None


def terminal_columns() -> int:
    """``shutil.get_terminal_size().columns`` without importing shutil (and through it bz2,
    lzma and zlib) on every run: ``COLUMNS`` if set, else the terminal's, else 80."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    stdout = sys.__stdout__
    if columns <= 0 and stdout is not None:
        try:
            columns = os.get_terminal_size(stdout.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Wraps descriptions and epilogs to the terminal (≤ 80 columns), one paragraph at a time."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 26,
        width: int | None = None,
    ) -> None:
        if width is None:
            width = min(terminal_columns(), MAX_HELP_WIDTH) - 1
        super().__init__(prog, indent_increment, max_help_position, max(width, 30))

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        """Prose is re-flowed; a paragraph whose lines after its heading are indented (the
        ``examples:``) keeps a line each, a line too long for the terminal continued below."""
        import textwrap  # only when help is shown

        filled = []
        for paragraph in text.strip().split("\n\n"):
            lines = paragraph.splitlines()
            if len(lines) > 1 and all(line.startswith(" ") for line in lines[1:]):
                filled.append(
                    "\n".join(
                        textwrap.fill(
                            line.rstrip(),
                            width,
                            initial_indent=indent,
                            subsequent_indent=indent + " " * (len(line) - len(line.lstrip()) + 4),
                            break_on_hyphens=False,
                        )
                        for line in lines
                    )
                )
            else:
                filled.append(
                    textwrap.fill(
                        " ".join(paragraph.split()),
                        width,
                        initial_indent=indent,
                        subsequent_indent=indent,
                    )
                )
        return "\n\n".join(filled)


class Parser(argparse.ArgumentParser):
    """``ArgumentParser`` with suggestions, per-subcommand errors and masked echoes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)
        self.subcommands: dict[str, Parser] = {}

    def option_strings(self) -> list[str]:
        return [s for action in self._actions for s in action.option_strings]

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        parsed, extras = self.parse_known_args(args, namespace)
        if extras:
            command = getattr(parsed, "command", None)
            owner = self.subcommands.get(command, self) if isinstance(command, str) else self
            owner.error(owner.unrecognized(extras))
        return parsed

    def unrecognized(self, extras: Sequence[str]) -> str:
        message = f"unrecognized arguments: {' '.join(extras)}"
        for extra in extras:
            if extra.startswith("-"):
                guess = closest(extra.split("=", 1)[0], self.option_strings())
                if guess is not None:
                    return f"{message} (did you mean {guess}?)"
        return message

    def error(self, message: str) -> NoReturn:
        found = _INVALID_CHOICE.search(message)
        if found is not None:
            choices = [c for a in self._actions if a.choices for c in a.choices]
            guess = closest(found.group("value"), [str(c) for c in choices])
            if guess is not None:
                message = f"{message}; did you mean {guess!r}?"
        from cftui.core.redact import mask_secret_runs

        super().error(mask_secret_runs(message))


class Verb(argparse._StoreAction):
    """A positional word the command checks itself (``profiles switch``), not argparse: with
    ``choices``, ``profiles --set-defualt x`` would fail on ``x`` as a wrong word before the
    mistyped option got its "did you mean". ``words`` are what completion offers."""

    def __init__(self, *args: Any, words: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.words = tuple(words)
