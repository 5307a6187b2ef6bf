"""The package's layout: layers in one direction, no import circle, small modules, old paths.

The import graph is read from the source (:mod:`autogalaxy_jaxnfw.layers`), where the allowed
layer order is written once.
"""

import importlib
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

import autogalaxy_jaxnfw as agj
from autogalaxy_jaxnfw import deprecated_paths, layers

PACKAGE_ROOT = Path(agj.__file__).resolve().parent
MAX_MODULE_LINES = 260


def test__import_graph__no_upward_import_and_no_circle():
    assert layers.violations() == []


def test__import_graph__sees_a_violation_and_a_circle():
    """The checker itself: an upward import and a circle planted in a copy of the graph are found."""
    graph = {name: set(edges) for name, edges in layers.import_graph().items()}
    graph["autogalaxy_jaxnfw.numerics.chebyshev"].add("autogalaxy_jaxnfw.cosmology.growth")
    found = layers.violations(graph)
    assert any(v.startswith("autogalaxy_jaxnfw.numerics.chebyshev (layer 0) -> autogalaxy_jaxnfw.cosmology.growth") for v in found)
    assert any(v.startswith("import circle:") and "autogalaxy_jaxnfw.numerics.chebyshev" in v for v in found)


def test__import_graph__every_folder_is_a_layer_or_independent():
    folders = {p.parent.name for p in PACKAGE_ROOT.glob("*/__init__.py")}
    named = {folder for group in layers.LAYERS for folder in group} | set(layers.INDEPENDENT)
    assert folders == named


def test__import_graph__references_import_only_themselves():
    graph = layers.import_graph()
    for module, targets in graph.items():
        if module.startswith("autogalaxy_jaxnfw.reference"):
            assert all(t.startswith("autogalaxy_jaxnfw.reference") for t in targets), module


def test__modules__none_over_the_size_limit():
    sizes = {p.relative_to(PACKAGE_ROOT): len(p.read_text().splitlines()) for p in PACKAGE_ROOT.rglob("*.py")}
    assert {str(p): n for p, n in sizes.items() if n > MAX_MODULE_LINES} == {}


def test__layers__printed_by_its_command():
    done = subprocess.run([sys.executable, "-m", "autogalaxy_jaxnfw.layers"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "0 violation(s)" in done.stdout
    for group in layers.LAYERS:
        for folder in group:
            assert f"] {folder}:" in done.stdout


@pytest.fixture(autouse=True)
def forget_old_paths():
    """Each test meets the old paths as a fresh process would (importing one binds it on the package)."""
    for old in deprecated_paths.MOVED:
        sys.modules.pop(f"autogalaxy_jaxnfw.{old}", None)
        agj.__dict__.pop(old, None)


@pytest.mark.parametrize("old", sorted(deprecated_paths.MOVED))
def test__old_path__import_warns_and_gives_the_new_module(old):
    new = importlib.import_module(f"autogalaxy_jaxnfw.{deprecated_paths.MOVED[old]}")
    with pytest.warns(DeprecationWarning, match=f"autogalaxy_jaxnfw.{old} moved to {new.__name__}"):
        module = importlib.import_module(f"autogalaxy_jaxnfw.{old}")
    assert module is new
    assert module.__spec__.name == new.__name__


@pytest.mark.parametrize("old", ["tables", "sharding", "nfw_radial"])
def test__old_path__attribute_warns_and_gives_the_new_module(old):
    with pytest.warns(DeprecationWarning, match="moved to"):
        module = getattr(agj, old)
    assert module is importlib.import_module(f"autogalaxy_jaxnfw.{deprecated_paths.MOVED[old]}")


def test__old_path__from_import_of_a_name_works():
    with pytest.warns(DeprecationWarning):
        from autogalaxy_jaxnfw.tables import clear_cache  # noqa: F401
    with pytest.warns(DeprecationWarning):
        from autogalaxy_jaxnfw.sharding import sharded_vmap
    assert sharded_vmap is agj.sharded_vmap


def test__new_paths__import_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        for name in layers.modules():
            if not name.endswith("__main__"):
                importlib.import_module(name)


def test__unknown_attribute__attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'no_such_module'"):
        agj.no_such_module  # noqa: B018


def test__scripts__import_the_package_by_its_current_paths():
    """docs/ and scripts/ import modules that exist at their 0.5.0 paths (no deprecated path)."""
    import ast

    known = set(layers.modules())
    repository = PACKAGE_ROOT.parent
    stale = []
    for path in sorted([*repository.glob("docs/**/*.py"), *repository.glob("scripts/**/*.py")]):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("autogalaxy_jaxnfw"):
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
                if node.module not in known or any(n.rpartition(".")[2] in deprecated_paths.MOVED and n not in known and node.module == "autogalaxy_jaxnfw" for n in names):
                    stale.append(f"{path.relative_to(repository)}:{node.lineno}")
            elif isinstance(node, ast.Import):
                stale.extend(f"{path.relative_to(repository)}:{node.lineno}" for a in node.names if a.name.startswith("autogalaxy_jaxnfw") and a.name not in known)
    assert stale == []
