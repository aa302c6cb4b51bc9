"""The package's layers: no module imports in a circle, and the web app stays on top.

Every import counts: at module level, under ``TYPE_CHECKING`` and inside
functions. A lazy import hides a circle from Python, not from a reader.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import rekrytera

PACKAGE = Path(rekrytera.__file__).parent


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(module: str, path: Path) -> Iterator[str]:
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                yield sub if sub in MODULES else target
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def graph() -> dict[str, set[str]]:
    """Each module of the package and the modules of the package it imports."""
    return {
        module: {t for t in _imports(module, path) if t in MODULES and t != module}
        for module, path in MODULES.items()
    }


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


#: The layers of docs/explanation/architecture.md, bottom up, by top-level name.
LAYERS: tuple[frozenset[str], ...] = tuple(
    frozenset(layer.split())
    for layer in (
        "_i18n i18n exceptions model _version _hookimpl",
        "_results _protocols _declared",
        "io _atomic _table hookspecs plugins _plugin_checks",
        "scoring privacy exporters catalogue guide report participation simulate _validate scaffold plain ad letters applicants journey",
        "analysis workspace testing examples pytest_plugin",
        "web cli __main__",
    )
)


def layer(module: str) -> int:
    """The layer of a module of the package.

    The package itself is the public API: on the top layer, with the command
    line and the web app, which use it.
    """
    parts = module.split(".")
    if len(parts) == 1:
        return len(LAYERS) - 1
    return next(i for i, names in enumerate(LAYERS) if parts[1] in names)


class TestLayers:
    def test_every_module_has_a_layer(self) -> None:
        """Each top-level module or package of rekrytera is placed in one layer."""
        tops = {m.split(".")[1] for m in MODULES if "." in m}
        placed = set().union(*LAYERS)
        assert tops == placed

    def test_imports_go_down(self) -> None:
        """A module imports only from its own layer or below."""
        upward = [
            (module, target)
            for module, targets in graph().items()
            for target in targets
            if layer(target) > layer(module)
        ]
        assert upward == []

    def test_no_cycles(self) -> None:
        """No two modules of the package import each other, directly or round about."""
        assert cycles(graph()) == []

    def test_the_check_finds_a_cycle(self) -> None:
        """The cycle check itself catches a planted circle."""
        planted = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
        assert cycles(planted) == [["a", "b", "c"]]

    def test_the_graph_sees_every_kind_of_import(self) -> None:
        """Imports under TYPE_CHECKING and inside functions are edges too."""
        edges = graph()
        assert "rekrytera._protocols" in edges["rekrytera.hookspecs"]  # TYPE_CHECKING
        assert "rekrytera.cli.analyse" in edges  # and analyse imports numpy lazily…
        assert "rekrytera.analysis" in edges["rekrytera.cli.analyse"]  # …inside run()

    def test_web_on_top(self) -> None:
        """The library never imports the web app; only the serve command does."""
        importers = {
            module
            for module, targets in graph().items()
            if any(t == "rekrytera.web" or t.startswith("rekrytera.web.") for t in targets)
            and not module.startswith("rekrytera.web")
        }
        assert importers == {"rekrytera.cli.workspace"}

    def test_modules_are_short(self) -> None:
        """No module is longer than 500 lines: a newcomer reads one in a sitting."""
        long = {
            module: n
            for module, path in MODULES.items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > 500
        }
        assert long == {}
