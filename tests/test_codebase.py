"""The shape of the code, checked: no import circles, dependencies one way between the apps
(summaries → coalitions → impact), and modules and functions short enough to read.

Every import of a project module counts, at module level or inside a function, in any module
(a Celery task's body included): a circle hidden inside a function is still a circle. Imports
inside functions are also counted and listed, and held under a small allowance: they are for
`AppConfig.ready()` (which must import what registers signals, the admin and Celery tasks) and a
few lazy imports; anything else belongs at the top of its module. Imports of other packages
(Django, Celery…) are not part of the graph.

Sizes: no module over 400 lines and no function over 60 in `impact`, `coalitions`, `summaries`
and `bench` (migrations excepted, and the benchmark's data generator `bench/scale.py`, one long
linear recipe, for functions).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("impact", "coalitions", "summaries")
# An app may import the apps after it in this order, never those before it.
ORDER = {"summaries": 0, "coalitions": 1, "impact": 2}
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
# The benchmark's data generator is one long, linear recipe by design.
LONG_FUNCTIONS_ALLOWED = {"bench/scale.py"}
# Imports of project modules made inside a function, counted per imported module. 20 today:
# 17 in the apps' `ready()` (signals, admin, reminder jobs, Celery tasks, the stored criteria's
# and the reference cache's receivers, the site's name, the audit trail's receivers of each
# app, the hand-over of a deleted account's proposals, the withdrawal of assignments a
# conflict of interest appears on), 2 in the cache backend (loaded before the models can
# be), 1 in the health check's broker probe.
FUNCTION_LEVEL_IMPORTS_ALLOWED = 20


def sources(*tops: str) -> list[Path]:
    return sorted(
        path
        for top in tops
        for path in (ROOT / top).rglob("*.py")
        if "migrations" not in path.parts
    )


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, modules: set[str]) -> set[str]:
    """The project modules `path` imports, resolved to module names."""
    return imports_of_at(path, ROOT, modules)


def imports_of_at(path: Path, root: Path, modules: set[str]) -> set[str]:
    return {target for target, _line, _in_function in import_lines(path, root, modules)}


def import_lines(path: Path, root: Path, modules: set[str]) -> list[tuple[str, int, bool]]:
    """Each project module `path` imports: (module, line, whether inside a function)."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(), str(path))
    in_functions = {
        id(inner)
        for fn in ast.walk(tree)
        if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef)
        for inner in ast.walk(fn)
    }
    found: list[tuple[str, int, bool]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            # `from package import module` depends on the module, not only the package.
            targets = [
                f"{origin}.{alias.name}" if f"{origin}.{alias.name}" in modules else origin
                for alias in node.names
            ]
        else:
            continue
        for target in targets:
            # `import a.b.c` depends on the deepest project module it names.
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.append((target, node.lineno, id(node) in in_functions))
    return found


def function_level_imports() -> list[str]:
    """Every import of a project module made inside a function, as `path:line → module`."""
    paths = sources(*APPS)
    modules = {module_name(p) for p in paths}
    return sorted(
        f"{path.relative_to(ROOT)}:{line} → {target}"
        for path in paths
        for target, line, in_function in import_lines(path, ROOT, modules)
        if in_function
    )


def import_graph() -> dict[str, set[str]]:
    paths = sources(*APPS)
    modules = {module_name(p) for p in paths}
    return {module_name(p): imports_of(p, modules) for p in paths}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_there_are_no_import_circles():
    assert circles(import_graph()) == []


def test_function_level_imports_are_few_and_close_no_circle():
    found = function_level_imports()
    # Listed in the failure message: move a new one to the top of its module, or explain it
    # above FUNCTION_LEVEL_IMPORTS_ALLOWED and raise the allowance.
    assert len(found) <= FUNCTION_LEVEL_IMPORTS_ALLOWED, "\n".join(found)
    graph = import_graph()
    closing = [
        entry
        for entry in found
        if reaches(graph, entry.rpartition(" → ")[2], module_name(ROOT / entry.split(":")[0]))
    ]
    assert closing == []


def reaches(graph: dict[str, set[str]], start: str, goal: str) -> bool:
    seen, todo = set(), [start]
    while todo:
        node = todo.pop()
        if node == goal:
            return True
        if node not in seen:
            seen.add(node)
            todo.extend(graph.get(node, ()))
    return False


def test_the_apps_depend_one_way_summaries_coalitions_impact():
    against = sorted(
        f"{module} imports {target}"
        for module, targets in import_graph().items()
        for target in targets
        if ORDER[target.split(".")[0]] < ORDER[module.split(".")[0]]
    )
    assert against == []


def test_the_graph_sees_function_level_and_relative_imports(tmp_path):
    # The checks above are only as good as the graph: a circle hidden in a function counts.
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert circles(graph) == [["a", "b", "c"]]
    modules = set(import_graph()) | {"coalitions.hidden"}
    fake = tmp_path / "coalitions" / "review" / "fake.py"
    fake.parent.mkdir(parents=True)
    fake.write_text("from ..permissions import is_editor\n\ndef f():\n    from .. import hidden\n")
    found = imports_of_at(fake, tmp_path, modules)
    assert found == {"coalitions.permissions", "coalitions.hidden"}
    # A Celery task's body is no exception, and the function-level imports are told apart.
    tasks = tmp_path / "coalitions" / "tasks.py"
    tasks.write_text("import coalitions.permissions\n\ndef run():\n    from . import hidden\n")
    assert import_lines(tasks, tmp_path, modules) == [
        ("coalitions.permissions", 1, False),
        ("coalitions.hidden", 4, True),
    ]
    assert reaches({"a": {"b"}, "b": {"c"}}, "a", "c") and not reaches({"a": {"b"}}, "b", "a")


def _lines(path: Path) -> int:
    return len(path.read_text().splitlines())


def test_no_module_is_over_400_lines():
    long = {
        str(p.relative_to(ROOT)): _lines(p)
        for p in sources(*APPS, "bench")
        if _lines(p) > MAX_MODULE_LINES
    }
    assert long == {}


def test_no_function_is_over_60_lines():
    long = []
    for path in sources(*APPS, "bench"):
        if str(path.relative_to(ROOT)) in LONG_FUNCTIONS_ALLOWED:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({length})")
    assert long == []


def test_the_size_checks_read_real_files():
    assert 0 < _lines(ROOT / "coalitions" / "workflow" / "core.py") <= MAX_MODULE_LINES
    assert len(sources(*APPS)) > 50
