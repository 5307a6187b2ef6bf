"""Public names: references through re-exports, and entries for undocumented public data.

Docstrings name objects by their public paths (``autogalaxy_jaxnfw.concentration_ludlow16``,
``autogalaxy_jaxnfw.profiles.get_cosmology``), while the pages document each object in the
module that defines it; a reference that Sphinx cannot resolve is followed through the
re-exports to that module.  A reference to ``autogalaxy_jaxnfw.<name>`` that names nothing
is a warning (an error under ``-W``).  A leading dot means what it means in a relative import:
``:mod:`.sigma``` in ``reference/diemer19.py`` is ``autogalaxy_jaxnfw.reference.sigma``, not
any module named ``sigma`` (for Sphinx it would be either).
"""

import importlib
import inspect
import re

from sphinx.pycode import ModuleAnalyzer
from sphinx.util import logging

from autogalaxy_jaxnfw import layers

logger = logging.getLogger(__name__)


def undocumented_data(module):
    """``py:data`` entries, with type and value, for the data of a module's ``__all__`` that has no docstring.

    autodoc would skip them, or show their class' docstring as theirs; this lists them, so that
    ``agj.planck15`` and the other presets have an entry to link to.
    """
    value = importlib.import_module(module)
    documented = {name for (_, name) in ModuleAnalyzer.for_module(module).find_attr_docs()}
    lines = []
    for name in getattr(value, "__all__", ()):
        obj = getattr(value, name)
        if name in documented or inspect.isclass(obj) or inspect.isroutine(obj) or inspect.ismodule(obj):
            continue
        kind = type(obj).__qualname__ if type(obj).__module__ == "builtins" else f"{type(obj).__module__}.{type(obj).__qualname__}"
        lines += [f".. py:data:: {name}", f"   :module: {module}", f"   :type: {kind}"]
        shown = repr(obj)
        lines += [f"   :value: {shown}", ""] if len(shown) < 160 and "\n" not in shown else [""]
    return lines


def defining_module(name):
    """The module whose ``__all__`` holds ``name`` (for objects without ``__module__``)."""
    for module in layers.modules():
        if module.count(".") > 1 and name in getattr(importlib.import_module(module), "__all__", ()):
            return module
    raise ValueError(f"no module of the package defines {name!r}")


def _object(dotted):
    """The object a dotted name of the package reaches (through its re-exports), or None."""
    parts = dotted.split(".")
    for split in range(len(parts), 0, -1):
        try:
            found = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        for attribute in parts[split:]:
            found = getattr(found, attribute, None)
        return found
    return None


def _home(obj):
    """Where an object is documented: its module and qualified name (a module's own name)."""
    if hasattr(obj, "__file__"):
        return obj.__name__
    module, name = getattr(obj, "__module__", None), getattr(obj, "__qualname__", None)
    return f"{module}.{name}" if module and name else None


def _resolve_reexport(app, env, node, contnode):
    # Docstrings name objects by their public paths (autogalaxy_jaxnfw.concentration_ludlow16,
    # a name re-exported into the current module); the pages document them where defined.
    if node.get("refdomain") != "py":
        return None
    target = node["reftarget"].lstrip(".~")
    candidates = [f"{node.get('py:module')}.{target}"] if node.get("py:module") else []
    for name in candidates + [target]:
        if not name.startswith(layers.PACKAGE + ".") and name != layers.PACKAGE:
            continue
        home = _home(_object(name))
        if home and home != name:
            return env.domains["py"].resolve_xref(env, node["refdoc"], app.builder, node["reftype"], home, node, contnode)
    if target.startswith(layers.PACKAGE + ".") and _object(target) is None:
        logger.warning(f"{target} names nothing in the package", location=node)
    return None


_RELATIVE = re.compile(r"(:[\w:+-]+:`)(~?)\.([\w.]+)`")


def _package_of(name):
    """The package a documented object's relative references start from."""
    known = layers.modules()
    parts = name.split(".")
    module = next((".".join(parts[:n]) for n in range(len(parts), 0, -1) if ".".join(parts[:n]) in known), None)
    if module is None:
        return None
    return module if known[module].name == "__init__.py" else module.rpartition(".")[0]


def _relative_to_package(app, what, name, obj, options, lines):
    package = _package_of(name)
    if package is None:
        return

    def absolute(match):
        role, tilde, rest = match.groups()
        target = f"{package}.{rest}"
        if _object(target) is None:
            return match.group()
        return f"{role}~{target}`" if tilde else f"{role}{rest} <{target}>`"

    lines[:] = [_RELATIVE.sub(absolute, line) for line in lines]


def setup(app):
    app.connect("autodoc-process-docstring", _relative_to_package)
    app.connect("missing-reference", _resolve_reexport)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
