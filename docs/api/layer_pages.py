"""Sphinx directives that read the package's layers from the code when the docs are built.

``layer-modules`` documents every module of the folders it names, as
:func:`autogalaxy_jaxnfw.layers.modules` finds them (a new module appears without editing a
page); ``face-names`` lists the names ``import autogalaxy_jaxnfw as agj`` offers, each linked
to where it is defined; ``layer-table`` and ``layer-diagram`` draw the layers with the
imports between them from :func:`autogalaxy_jaxnfw.layers.import_graph`; ``call-flow``
lists the steps of a call by dotted name, each imported at build time, so a renamed step fails
the build.  A layer folder that no page documents is a warning too (an error under ``-W``).
"""

import importlib

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import nested_parse_with_titles

from autogalaxy_jaxnfw import layers
from layer_graph import diagram_svg, folder_imports, folder_of, groups, members_of
from public_names import defining_module, undocumented_data

logger = logging.getLogger(__name__)


class _CodeDirective(SphinxDirective):
    """A directive whose output is read from the code: its page is rebuilt on every build."""

    def note_page(self):
        return self.env.layer_pages.setdefault(self.env.docname, set())


def _parse(directive, lines):
    node = nodes.section()
    nested_parse_with_titles(directive.state, StringList(lines, source="layer_pages"), node)
    return node.children


class LayerModules(_CodeDirective):
    """Every module of the named folders: the folder's docstring, then one section per module."""

    required_arguments = 1
    optional_arguments = 5

    def run(self):
        graph = layers.import_graph()
        imports = folder_imports(graph)
        covered = self.note_page()
        paths = layers.modules()
        lines = []
        for folder in self.arguments:
            members = members_of(folder, graph)
            if not members:
                raise self.error(f"no module of the package is in folder {folder!r}")
            covered.add(folder)
            label = next(label for label, folders in groups() if folder in folders)
            uses = sorted({target for (source, target) in imports if source == folder})
            where = "independent of the package" if label == "-" else f"layer {label}"
            lines += [f"``{folder}``: {where}; imports from {', '.join(f'``{u}``' for u in uses) or 'nothing'} (read from the source).", ""]
            for module in members:
                # Package-relative titles: the sidebar lists them, and a 220 px sidebar clipped the
                # full dotted names to one identical "autogalaxy_jaxnfw.<folder>." each.
                title = f"``{short_name(module)}``"
                is_package = paths[module].name == "__init__.py"
                lines += [title, "-" * len(title), "", f".. automodule:: {module}"]
                # A package's __all__ re-exports names documented in their own modules.
                lines += ["   :no-members:", ""] if is_package else [""] + undocumented_data(module)
        return _parse(self, lines)


class FaceNames(_CodeDirective):
    """The names of ``autogalaxy_jaxnfw.__all__``, each linked to the object where it is defined."""

    def run(self):
        self.note_page()
        import autogalaxy_jaxnfw as agj

        lines = [".. autosummary::", ""]
        for name in agj.__all__:
            value = getattr(agj, name)
            if hasattr(value, "__file__"):
                lines.append(f"   ~{value.__name__}")
            else:
                home = getattr(value, "__module__", None) or defining_module(name)
                lines.append(f"   ~{home}.{name}")
        return _parse(self, lines)


class LayerTable(_CodeDirective):
    """The layers, their folders and modules, and the folders each imports from."""

    def run(self):
        self.note_page()
        graph = layers.import_graph()
        imports = folder_imports(graph)
        lines = [".. list-table::", "   :header-rows: 1", "   :widths: 8 14 50 28", "",
                 "   * - layer", "     - folder", "     - modules", "     - imports from"]
        for label, folders in groups():
            for folder in folders:
                members = members_of(folder, graph)
                short = ", ".join(f"``{short_name(m)}``" for m in members)
                uses = sorted({target for (source, target) in imports if source == folder})
                # A bare "-" in a list-table cell is an empty bullet list, not text.
                lines += [f"   * - {'independent' if label == '-' else label}", f"     - ``{folder}``", f"     - {len(members)}: {short}",
                          f"     - {', '.join(f'``{u}``' for u in uses) or '(nothing)'}"]
        problems = layers.violations(graph)
        lines += ["", f"{len(graph)} modules; the longest import chain has {layers.depth(graph)} modules; "
                      f"{len(problems)} import(s) against the layer order or in a circle."]
        return _parse(self, lines)


class LayerDiagram(_CodeDirective):
    """The arc diagram of :func:`diagram_svg`, inline in the HTML page."""

    def run(self):
        self.note_page()
        return [nodes.raw("", diagram_svg(layers.import_graph()), format="html")]


class CallFlow(_CodeDirective):
    """Numbered steps ``dotted.name | what it does``: each name is imported, linked and placed in its layer."""

    has_content = True

    def run(self):
        self.note_page()
        lines = []
        for number, line in enumerate(self.content, start=1):
            name, _, what = (part.strip() for part in line.partition("|"))
            module, _, attribute = name.rpartition(".")
            try:
                getattr(importlib.import_module(module), attribute)
            except (ImportError, AttributeError) as error:
                raise self.error(f"call-flow step {name!r} does not exist: {error}") from error
            lines.append(f"{number}. :py:obj:`~{name}` (``{folder_of(module)}``): {what}")
        return _parse(self, lines)


def short_name(module):
    """A module's name without the package's (``halo.ludlow16.relation``); the package keeps its own."""
    return module.removeprefix(layers.PACKAGE + ".")


def page_name(folders):
    """The page of a layer: its folders joined by ``_`` (``numerics_settings``, ``face``, ...)."""
    return "_".join(folders)


def _check_pages(app, env):
    covered = set().union(*env.layer_pages.values()) if env.layer_pages else set()
    for _, folders in groups():
        missing = [folder for folder in folders if folder not in covered]
        if missing:
            logger.warning(f"layer folder(s) {', '.join(missing)} documented on no page: docs/api/{page_name(folders)}.rst "
                           f"with '.. layer-modules:: {' '.join(folders)}', listed in index.rst, documents them")


def _always_outdated(app, env, added, changed, removed):
    # The pages read the package's folders and imports, which Sphinx does not track as sources.
    return sorted(set(getattr(env, "layer_pages", {})) - set(removed))


def _init_env(app, env, docnames):
    if not hasattr(env, "layer_pages"):
        env.layer_pages = {}


def _purge(app, env, docname):
    getattr(env, "layer_pages", {}).pop(docname, None)


def _merge(app, env, docnames, other):
    env.layer_pages.update({d: f for d, f in other.layer_pages.items() if d in docnames})


def setup(app):
    app.add_directive("layer-modules", LayerModules)
    app.add_directive("face-names", FaceNames)
    app.add_directive("layer-table", LayerTable)
    app.add_directive("layer-diagram", LayerDiagram)
    app.add_directive("call-flow", CallFlow)
    app.connect("env-before-read-docs", _init_env)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-check-consistency", _check_pages)
    app.connect("env-get-outdated", _always_outdated)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
