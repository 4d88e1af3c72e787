"""The import graph between Welkom's apps, read from the source with ``ast`` (nothing is imported).

An edge ``a -> b`` means some module under ``welkom/a/`` refers to ``welkom.b``: an ``import`` or
``from ... import`` at module level or inside a function (lazy imports count as much as the others),
a relative import that climbs out of the app, or a dotted string such as ``include("welkom.b.urls")``,
``import_string("welkom.b.x.Y")`` or a drf-spectacular ``target_class``, which Django and libraries
import by name. Migrations are left out: Django writes their dependencies on other apps' migrations
(foreign keys between apps' tables), and those follow the models, not the code's layering.

Run ``python -m tests.core.app_graph`` to print the graph and its layers.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "backend" / "welkom"
DOTTED = re.compile(r"^welkom\.([a-z_]+)(\.[A-Za-z_][A-Za-z0-9_]*)*$")


def apps() -> list[str]:
    return sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists())


@dataclass(frozen=True)
class Reference:
    source: str  # app that refers
    target: str  # app referred to
    where: str  # file:line


def _module_parts(path: Path, package: Path) -> list[str]:
    relative = path.relative_to(package.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return parts


def _docstring_nodes(tree: ast.AST) -> set[int]:
    ids: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def references_in(path: Path, known: set[str], package: Path = PACKAGE) -> Iterable[Reference]:
    """What the module at ``path`` (inside ``package``, the ``welkom`` folder) refers to."""
    source_app = path.relative_to(package).parts[0]
    module = _module_parts(path, package)
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    docstrings = _docstring_nodes(tree)
    rel = path.relative_to(package.parents[1]).as_posix()

    def target_of(dotted: str) -> str | None:
        parts = dotted.split(".")
        if len(parts) >= 2 and parts[0] == "welkom" and parts[1] in known:
            return parts[1]
        return None

    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module if is_package else module[:-1]
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                prefix = ".".join(base)
                if node.module:
                    names = [f"{prefix}.{node.module}"]
                else:
                    names = [f"{prefix}.{alias.name}" for alias in node.names]
            elif node.module:
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and DOTTED.match(node.value)
        ):
            names = [node.value]
        for name in names:
            target = target_of(name)
            if target and target != source_app:
                yield Reference(source_app, target, f"{rel}:{getattr(node, 'lineno', 0)}")


def references() -> list[Reference]:
    known = set(apps())
    found: list[Reference] = []
    for app in sorted(known):
        for path in sorted((PACKAGE / app).rglob("*.py")):
            if "migrations" in path.relative_to(PACKAGE).parts:
                continue
            found.extend(references_in(path, known))
    return found


def graph() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {app: set() for app in apps()}
    for ref in references():
        edges[ref.source].add(ref.target)
    return edges


def strongly_connected(edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm; returns the components with more than one app (the cycles)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    result: list[list[str]] = []
    counter = 0

    def visit(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return result


def cycle_through(edges: dict[str, set[str]], component: list[str]) -> list[str]:
    """One concrete cycle inside a component, as a path that returns to its start."""
    members = set(component)
    start = component[0]
    # breadth-first search from start back to start within the component
    parents: dict[str, str] = {}
    frontier = [start]
    seen = {start}
    while frontier:
        nxt_frontier = []
        for node in frontier:
            for nxt in sorted(edges[node] & members):
                if nxt == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(parents[path[-1]])
                    return [start, *reversed(path[:-1]), start] if node != start else [start, start]
                if nxt not in seen:
                    seen.add(nxt)
                    parents[nxt] = node
                    nxt_frontier.append(nxt)
        frontier = nxt_frontier
    return component


def layers(edges: dict[str, set[str]]) -> list[list[str]]:
    """Apps by height: layer 0 imports no other app, layer n imports only apps below it."""
    height: dict[str, int] = {}

    def h(node: str, trail: tuple[str, ...] = ()) -> int:
        if node in height:
            return height[node]
        if node in trail:
            return 0
        height[node] = max((h(t, (*trail, node)) + 1 for t in edges[node]), default=0)
        return height[node]

    for node in edges:
        h(node)
    out: list[list[str]] = [[] for _ in range(max(height.values(), default=0) + 1)]
    for node, level in height.items():
        out[level].append(node)
    return [sorted(layer) for layer in out]


def main() -> None:
    edges = graph()
    for level, members in enumerate(layers(edges)):
        print(f"layer {level}:")
        for app in members:
            print(f"  {app} -> {', '.join(sorted(edges[app])) or '(nothing)'}")
    cycles = strongly_connected(edges)
    for component in cycles:
        print("cycle among", ", ".join(component), ":", " -> ".join(cycle_through(edges, component)))


if __name__ == "__main__":
    main()


@dataclass(frozen=True)
class ForeignRead:
    """``Model.objects`` in ``path`` where ``Model`` comes from another app's models.py."""

    path: str  # relative to backend/welkom
    model: str
    owner: str  # the app that owns the model
    line: int


def foreign_manager_uses(package: Path = PACKAGE) -> list[ForeignRead]:
    known = {p.name for p in package.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    found: list[ForeignRead] = []
    for app in sorted(known):
        for path in sorted((package / app).rglob("*.py")):
            if "migrations" in path.relative_to(package).parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            foreign: dict[str, str] = {}  # local name -> owning app
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    parts = node.module.split(".")
                    owned_elsewhere = parts[1:2] != [app] and parts[1:2] and parts[1] in known
                    if (
                        parts[:1] == ["welkom"]
                        and len(parts) >= 3
                        and parts[2] == "models"
                        and owned_elsewhere
                    ):
                        for alias in node.names:
                            foreign[alias.asname or alias.name] = parts[1]
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Attribute)
                    and node.attr in ("objects", "_default_manager")
                    and isinstance(node.value, ast.Name)
                    and node.value.id in foreign
                ):
                    found.append(
                        ForeignRead(
                            path.relative_to(package).as_posix(),
                            node.value.id,
                            foreign[node.value.id],
                            node.lineno,
                        )
                    )
    return found
