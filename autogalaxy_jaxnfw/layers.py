"""The package's layers, in one place, and its import graph as the code has it.

Each folder of the package is a layer; a module may import from its own folder and from the
folders of lower layers, never from a higher layer nor from another folder of its own layer:

==========  =========================  =============================================
layer       folders                    holds
==========  =========================  =============================================
0           numerics, settings         Chebyshev series, roots; process-wide choices
1           cosmology                  the cosmology pytree, linear theory, tables
2           halo                       concentration relations
3           lensing, lss               radial lens functions of NFW-like halos; halo abundance
4           profiles                   the ``<UpstreamName>Jax`` autogalaxy classes
5           populations                many halos: parameters, maps, workflows
6           (the package face)         ``__init__``, ``staging``, ``layers``, ``deprecated_paths``
==========  =========================  =============================================

``reference`` stands apart: the independent references import nothing of the package but
themselves.  ``python -m autogalaxy_jaxnfw.layers`` prints the layers with the imports
between them, read from the source (nothing is imported).
"""

import ast
import itertools
from pathlib import Path

__all__ = ["FACE", "INDEPENDENT", "LAYERS", "PACKAGE", "depth", "describe", "import_graph", "layer_of", "modules", "violations"]

PACKAGE = "autogalaxy_jaxnfw"
LAYERS = (
    ("numerics", "settings"),
    ("cosmology",),
    ("halo",),
    ("lensing", "lss"),
    ("profiles",),
    ("populations",),
)
FACE = len(LAYERS)
"""The layer of the package face: the top-level modules."""
INDEPENDENT = ("reference",)
_ROOT = Path(__file__).resolve().parent


def modules(root: Path = _ROOT) -> dict:
    """Dotted module name -> source path, for every module of the package."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imported(tree: ast.AST, name: str, is_package: bool) -> set:
    targets = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")[: len(name.split(".")) - node.level + is_package]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module
            targets.add(module)
            targets.update(f"{module}.{alias.name}" for alias in node.names)
    return targets


def import_graph(root: Path = _ROOT) -> dict:
    """Module -> the set of the package's modules it imports (and whose import runs its packages).

    Importing ``a.b.c`` also runs the ``__init__`` of ``a.b``; that package counts as
    imported too, unless it contains the importing module (then it is already running).
    """
    known = modules(root)
    graph = {}
    for name, path in known.items():
        tree = ast.parse(path.read_text(), str(path))
        edges = set()
        for target in _imported(tree, name, path.name == "__init__.py"):
            if target not in known:
                continue
            parts = target.split(".")
            for depth in range(2, len(parts) + 1):
                ancestor = ".".join(parts[:depth])
                if ancestor != name and not name.startswith(ancestor + "."):
                    edges.add(ancestor)
        graph[name] = edges
    return graph


def layer_of(module: str):
    """(layer index, folder) of a module; the face is ``(FACE, None)``; independent folders ``(None, folder)``."""
    parts = module.split(".")
    folder = parts[1] if len(parts) > 2 or (len(parts) == 2 and (_ROOT / parts[1]).is_dir()) else None
    if folder in INDEPENDENT:
        return None, folder
    for index, group in enumerate(LAYERS):
        if folder in group:
            return index, folder
    return FACE, None


def violations(graph=None) -> list:
    """Every import that goes up a layer or across folders of one layer, and every import circle."""
    graph = import_graph() if graph is None else graph
    found = []
    for module, targets in sorted(graph.items()):
        layer, folder = layer_of(module)
        for target in sorted(targets):
            target_layer, target_folder = layer_of(target)
            if layer is None or target_layer is None:
                if folder != target_folder:
                    found.append(f"{module} -> {target}: '{folder or target_folder}' is independent of the package")
            elif target_layer > layer or (target_layer == layer and target_folder != folder and layer != FACE):
                found.append(f"{module} (layer {layer}) -> {target} (layer {target_layer})")
    found.extend(f"import circle: {' -> '.join(cycle)}" for cycle in _cycles(graph))
    return found


def _cycles(graph) -> list:
    """One circle per strongly connected component of more than one module (Tarjan 1972)."""
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []
    counter = itertools.count()

    def visit(node):
        index[node] = low[node] = next(counter)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return cycles


def depth(graph=None) -> int:
    """The longest chain of imports (modules on it), for an acyclic graph."""
    graph = import_graph() if graph is None else graph
    memo = {}

    def longest(node):
        if node not in memo:
            memo[node] = 1 + max((longest(t) for t in graph.get(node, ())), default=0)
        return memo[node]

    return max(longest(node) for node in graph)


def describe(graph=None) -> str:
    """The layers with their modules and the folders each imports from, as plain text."""
    graph = import_graph() if graph is None else graph
    lines = []
    groups = [(i, g) for i, g in enumerate(LAYERS)] + [(FACE, ("(face)",)), (None, INDEPENDENT)]
    for layer, folders in groups:
        for folder in folders:
            members = sorted(m for m in graph if layer_of(m) == (layer, None if folder == "(face)" else folder))
            uses = sorted({layer_of(t)[1] or "(face)" for m in members for t in graph[m]} - {folder})
            label = "-" if layer is None else str(layer)
            lines.append(f"[{label}] {folder}: {len(members)} modules; imports from {', '.join(uses) or 'nothing'}")
            lines.extend(f"      {m}" for m in members)
    return "\n".join(lines)


if __name__ == "__main__":
    graph = import_graph()
    print(describe(graph))
    problems = violations(graph)
    print(f"\nimport depth {depth(graph)}; {len(problems)} violation(s)")
    print("\n".join(problems))
