"""The layers stay layers: no import circle inside the ledger; adapters import one another only at the
composition root, and nothing below them imports one.

Every import statement counts, the ones inside functions too: an import deferred to call time is
still a dependency, and deferring it is how the services' circle once hid.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "earnest"
ADAPTERS = ("cli", "api", "web", "webui")
# Use cases with tables of their own (importers and exporters; sign-in, members and tokens). They stand
# on the ledger beside one another: every adapter may call them, and they call no adapter.
USE_CASE_APPS = ("transfer", "accounts")
CORE = ("domain", "analyzer", "ledger")

# The composition root: where the adapters are put together into the running site. Nothing else in
# one adapter imports another; what two adapters both need goes below them.
COMPOSITION_ROOT = {
    ("web", "api"): "web/urls.py is the URL map of the whole site: it mounts the API",
    ("cli", "web"): "`earnest serve` hands web.wsgi's application to gunicorn",
}


def _modules(package: str) -> Iterator[tuple[str, Path]]:
    for path in sorted((SRC / package).rglob("*.py")):
        parts = path.relative_to(SRC.parent).with_suffix("").parts
        if "migrations" in parts:
            continue
        yield ".".join(parts[:-1] if parts[-1] == "__init__" else parts), path


def _imported(name: str, path: Path) -> Iterator[str]:
    """Every module name an import statement in the file can refer to (`from a import b`: a and a.b)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*up, *([node.module] if node.module else [])])
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def _graph(package: str) -> dict[str, set[str]]:
    modules = dict(_modules(package))
    return {name: {t for t in _imported(name, path) if t in modules and t != name} for name, path in modules.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import circle in the graph, as the modules along it; [] when there is none."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        state[node] = 2
        path.pop()
        return []

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return []


def _package_edges(packages: tuple[str, ...], among: tuple[str, ...]) -> set[tuple[str, str]]:
    edges = set()
    for package in packages:
        for name, path in _modules(package):
            for target in _imported(name, path):
                parts = target.split(".")
                if len(parts) > 1 and parts[0] == "earnest" and parts[1] in among and parts[1] != package:
                    edges.add((package, parts[1]))
    return edges


def test_the_ledger_modules_import_one_another_without_a_circle():
    graph = _graph("ledger")
    assert "earnest.ledger.services.commitments" in graph and len(graph) > 30  # the walk found the modules
    assert _cycle(graph) == []


def test_the_cycle_finder_finds_a_circle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) == []


def test_the_services_import_the_outcome_refresh_not_one_another():
    graph = _graph("ledger")
    services = {"commitments", "conversations", "steps", "deletions", "undo", "outcomes"}
    floor = {f"earnest.ledger.services.{s}" for s in services}
    assert not graph["earnest.ledger.services.outcomes"] & floor
    for low in ("commitments", "steps", "deletions", "undo"):
        assert "earnest.ledger.services.conversations" not in graph[f"earnest.ledger.services.{low}"], low


def test_no_adapter_imports_another_but_the_composition_root():
    edges = _package_edges(ADAPTERS, ADAPTERS)
    assert edges - COMPOSITION_ROOT.keys() == set(), "an adapter imports another: move the shared piece below both"
    assert COMPOSITION_ROOT.keys() - edges == set(), "the composition root changed: say so in COMPOSITION_ROOT"


def test_nothing_below_the_adapters_imports_one():
    assert _package_edges(USE_CASE_APPS + CORE, ADAPTERS) == set(), "send a signal (ledger/signals.py) or move it up"


def test_the_use_case_apps_stand_on_the_ledger_beside_one_another():
    assert _package_edges(USE_CASE_APPS + CORE, USE_CASE_APPS) == set(), "move the shared piece into the ledger"


def test_the_layer_walk_finds_the_imports_it_judges():
    assert ("webui", "transfer") in _package_edges(ADAPTERS, USE_CASE_APPS)
    assert ("api", "accounts") in _package_edges(ADAPTERS, USE_CASE_APPS)
