"""The architecture, drawn from the code: layers, cycles, module size, concepts defined once.

The import graph is read with ``ast`` from every module of ``critmin`` (engine/) and
``critmin.assistant`` (assistant/). A module may import from its own layer or a lower one;
the library never imports the assistant; only a heavy third-party library may be imported
inside a function, with a reason on the same line.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Lowest first; each entry is one layer (subpackages of critmin, or top-level modules).
LAYERS = (
    ("concepts", "errors"),
    ("words", "io"),
    ("facts",),
    ("indicators",),
    ("language",),
    ("ruleset",),
    ("inference",),
    ("assumptions",),
    ("fast", "explain"),
    ("ruletests", "usgs", "lints"),
    ("render",),
    ("assistant",),
    ("cli", "bench", "serve"),
)
LEVEL = {name: level for level, names in enumerate(LAYERS) for name in names}
FACADES = {"critmin", "critmin.__main__"}  # the public package facade and `python -m critmin`
# modules that load numpy / prompt_toolkit / fastapi at import
LAZY_MODULES = ("critmin.fast", "critmin.assistant.repl", "critmin.serve")
LAZY_ALLOWED = {"numpy", "pandas", "matplotlib", "prompt_toolkit", "tqdm", "ruamel", "jsonschema", "uvicorn",
                "fastapi", "watchfiles", "watchdog"}
MAX_LINES = 400
CONCEPTS = ("TIERS", "TIER_RANK", "TIER_OF_RANK", "TIERS_HIGH_FIRST", "LEVERS", "ALIGNMENTS", "RISK_LEVELS",
            "HIGH_RISK", "KINDS", "RESOLUTION", "POINTS_DIGITS", "SCORE_DIGITS", "INDICATOR_DIGITS",
            "MAX_MAGNITUDE", "IDENTIFIER", "IDENTITIES", "TOTALS", "VARY", "ASSESSMENTS")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    parts = ["critmin", *parts[1:]] if parts[0] == "engine" else ["critmin", "assistant", *parts[1:]]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in [*ROOT.glob("engine/**/*.py"), *ROOT.glob("assistant/**/*.py")]}
TREES = {name: ast.parse(path.read_text(encoding="utf-8")) for name, path in MODULES.items()}


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _imports(tree: ast.Module):
    """(module imported, node, at module level?) for every import of critmin code."""
    top = {id(node) for node in tree.body}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "critmin":
            names = [f"{node.module}.{a.name}" for a in node.names]
            targets = [n if n in MODULES else node.module for n in names]
        elif isinstance(node, ast.Import):
            targets = [a.name for a in node.names if a.name.split(".")[0] == "critmin"]
        else:
            continue
        for target in dict.fromkeys(targets):
            yield target, node, id(node) in top


GRAPH = {name: {t for t, _, at_top in _imports(tree) if at_top and t in MODULES} for name, tree in TREES.items()}


def test_every_layer_is_known():
    assert {_layer(m) for m in MODULES if m not in FACADES} <= set(LEVEL)


def test_no_module_imports_a_higher_layer():
    upward = [f"{m} → {t}" for m, targets in GRAPH.items() if m not in FACADES for t in targets
              if _layer(t) != _layer(m) and t not in FACADES and LEVEL[_layer(t)] > LEVEL[_layer(m)]]
    assert upward == []


def test_the_library_never_imports_the_assistant():
    above = {name for names in LAYERS[LEVEL["assistant"]:] for name in names}
    library = [m for m in MODULES if _layer(m) not in above and m not in FACADES]
    found = [f"{m} → {t}" for m in library for t, _, _ in _imports(TREES[m]) if _layer(t) == "assistant"]
    assert library and found == []


def test_the_import_graph_has_no_cycle():
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        order[node] = low[node] = len(order)
        stack.append(node)
        for nxt in GRAPH[node]:
            if nxt not in order:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], order[nxt])
        if low[node] == order[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(GRAPH):
        if module not in order:
            visit(module)
    assert cycles == []


def test_imports_inside_functions_are_only_heavy_libraries_with_a_reason():
    found = []
    for name, tree in TREES.items():
        lines = MODULES[name].read_text(encoding="utf-8").splitlines()
        functions = [f for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))]
        in_functions = {id(inner) for func in functions for inner in ast.walk(func)}
        for node in ast.walk(tree):
            if not isinstance(node, (ast.Import, ast.ImportFrom)) or id(node) not in in_functions:
                continue
            if isinstance(node, ast.ImportFrom) and node.module == "__future__":
                continue
            modules = {node.module or ""} if isinstance(node, ast.ImportFrom) else {a.name for a in node.names}
            heavy = all(m.split(".")[0] in LAZY_ALLOWED or m.startswith(LAZY_MODULES) for m in modules)
            allowed = heavy and "#" in lines[node.lineno - 1]
            if not allowed and not _inside_type_checking(tree, node):
                found.append(f"{MODULES[name].relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)}")
    assert found == []


def _inside_type_checking(tree: ast.Module, target: ast.AST) -> bool:
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            if any(child is target for child in ast.walk(node)):
                return True
    return False


def test_no_module_is_over_the_size_limit():
    long = {str(p.relative_to(ROOT)): n for p in MODULES.values()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


@pytest.mark.parametrize("concept", CONCEPTS)
def test_each_shared_concept_is_defined_once(concept):
    defined = [name for name, tree in TREES.items() for node in tree.body
               if isinstance(node, (ast.Assign, ast.AnnAssign))
               and any(isinstance(t, ast.Name) and t.id == concept
                       for t in (node.targets if isinstance(node, ast.Assign) else [node.target]))]
    assert len(defined) == 1, defined


def test_tier_names_are_listed_only_in_the_concepts():
    """A list, tuple or set literal holding three or more tier names is a copy of the tier list
    (a mapping keyed by tier — a colour or a label for each — is per-tier data, not a copy)."""
    tiers = {"low", "medium", "high", "very_high"}
    copies = []
    for name, tree in TREES.items():
        if name == "critmin.concepts":
            continue
        for node in ast.walk(tree):
            if not isinstance(node, (ast.Tuple, ast.List, ast.Set)):
                continue
            items = {e.value for e in node.elts if isinstance(e, ast.Constant)}
            if len(items & tiers) >= 3:
                copies.append(f"{MODULES[name].relative_to(ROOT)}:{node.lineno}")
    assert copies == []
