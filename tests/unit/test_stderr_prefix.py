"""Every line cftui starts on stderr says it is cftui's: ``cftui: …``.

A user piping several tools into one log, or reading a script's output, tells cftui's words
by the prefix. The lines that continue a message (the hint under an error, ``--debug``'s
detail) and the prompts (which end on the same line as the answer) are the exceptions,
listed here by where they are.
"""

from __future__ import annotations

import ast
from pathlib import Path

CFTUI = Path(__file__).resolve().parents[2] / "cftui"
CONTINUING = {
    ("cli/main.py", "report_error"),  # the hint, the detail and the cause under the message
    ("cli/main.py", "_main"),  # "Run again with --debug …" and the frames, under the message
    ("commands/tui.py", "_say"),  # says what its one caller gives it: "cftui: …"
    ("commands/login.py", "_prompt_credential"),  # what a token needs, above the prompt
}


def _stderr_prints(tree: ast.AST) -> list[tuple[str, ast.Call]]:
    """(enclosing function, call) for each ``print(…, file=sys.stderr)`` that is no prompt."""
    found: list[tuple[str, ast.Call]] = []

    def visit(node: ast.AST, function: str) -> None:
        for child in ast.iter_child_nodes(node):
            name = function
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = child.name
            if isinstance(child, ast.Call) and getattr(child.func, "id", None) == "print":
                keywords = {k.arg: k.value for k in child.keywords}
                target = keywords.get("file")
                to_stderr = target is not None and ast.unparse(target) == "sys.stderr"
                if to_stderr and "end" not in keywords and child.args:
                    found.append((name, child))
            visit(child, name)

    visit(tree, "")
    return found


def _opening(node: ast.expr) -> str | None:
    """The literal text a printed value starts with, when the source shows it."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr) and node.values:
        return _opening(node.values[0])
    if isinstance(node, ast.BinOp):
        return _opening(node.left)
    return None


def test_every_line_cftui_starts_on_stderr_has_the_prefix() -> None:
    unprefixed = []
    for path in sorted(CFTUI.rglob("*.py")):
        if "ui" in path.relative_to(CFTUI).parts[:1]:
            continue  # the app draws on the screen, not on stderr
        where = str(path.relative_to(CFTUI))
        for function, call in _stderr_prints(ast.parse(path.read_text())):
            text = _opening(call.args[0])
            if (where, function) in CONTINUING:
                continue
            if text is None or not text.startswith("cftui: "):
                unprefixed.append(f"{where}:{call.lineno} in {function}: {ast.unparse(call)}")
    assert not unprefixed, "\n".join(unprefixed)
