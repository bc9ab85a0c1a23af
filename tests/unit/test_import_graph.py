"""No import circles anywhere in ``cftui``: a module that needs another's names at import time
must not be needed by it, neither directly nor through others, and not through an import
hidden inside a function either (``grimp`` reads every import statement in a module).

Imports under ``if TYPE_CHECKING:`` count too: a screen that names the app's class only for
its types still depends on the app. The layers, and which package
may import httpx, keyring and Textual, are import-linter's contracts in ``pyproject.toml``
(``lint-imports``, run by CI).
"""

from __future__ import annotations

from pathlib import Path

import grimp

import cftui


def circles(graph: grimp.ImportGraph) -> list[tuple[str, ...]]:
    """Each circle once, as the chain from its smallest module back to it."""
    found: set[tuple[str, ...]] = set()
    for module in sorted(graph.modules):
        if not module.startswith("cftui"):
            continue
        for imported in graph.find_modules_directly_imported_by(module):
            if not imported.startswith("cftui"):
                continue
            back = graph.find_shortest_chain(importer=imported, imported=module)
            if back is not None:
                chain = (module, *back)
                start = chain.index(min(chain[:-1]))
                found.add(chain[start:-1] + chain[:start] + (chain[start],))
    return sorted(found)


def test_cftui_has_no_import_circles() -> None:
    graph = grimp.build_graph("cftui", exclude_type_checking_imports=False)
    assert len(graph.modules) == len(list(Path(cftui.__file__).parent.rglob("*.py")))
    assert circles(graph) == []


def test_a_circle_is_found() -> None:
    """The check above finds a circle when there is one, also through a third module."""
    graph = grimp.ImportGraph()
    for name in ("cftui.a", "cftui.b", "cftui.c", "cftui.d"):
        graph.add_module(name)
    graph.add_import(importer="cftui.a", imported="cftui.b")
    graph.add_import(importer="cftui.b", imported="cftui.c")
    graph.add_import(importer="cftui.c", imported="cftui.a")
    graph.add_import(importer="cftui.c", imported="cftui.d")
    assert circles(graph) == [("cftui.a", "cftui.b", "cftui.c", "cftui.a")]
