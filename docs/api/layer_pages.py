"""Sphinx directives that read the package's layers from the code when the docs are built.

``layer-modules`` documents every module of the folders it names, as
:func:`autogalaxy_jaxnfw.layers.modules` finds them (a new module appears without editing a
page); ``face-names`` lists the names ``import autogalaxy_jaxnfw as agj`` offers, each linked
to where it is defined; ``layer-table`` and ``layer-diagram`` draw the layers with the
imports between them from :func:`autogalaxy_jaxnfw.layers.import_graph`; ``call-flow``
lists the steps of a call by dotted name, each imported at build time, so a renamed step fails
the build.  A layer folder that no page documents is a warning too (an error under ``-W``).
"""

import html
import importlib
from collections import Counter

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import nested_parse_with_titles

from autogalaxy_jaxnfw import layers

logger = logging.getLogger(__name__)
FACE = "face"
"""How the pages name the top-level modules, which belong to no folder."""


def folder_of(module):
    """The folder of a module as the pages name it (``face`` for the top-level modules)."""
    return layers.layer_of(module)[1] or FACE


def groups():
    """(label, folders) from low to high: the layers, the face, then the independent folders."""
    found = [(str(index), group) for index, group in enumerate(layers.LAYERS)]
    return found + [(str(layers.FACE), (FACE,))] + [("-", (folder,)) for folder in layers.INDEPENDENT]


def folder_imports(graph):
    """(importing folder, imported folder) -> number of module-to-module imports, across folders."""
    counts = Counter()
    for module, targets in graph.items():
        for target in targets:
            if folder_of(target) != folder_of(module):
                counts[folder_of(module), folder_of(target)] += 1
    return counts


def members_of(folder, graph):
    return sorted(module for module in graph if folder_of(module) == folder)


def _parse(directive, lines):
    node = nodes.section()
    nested_parse_with_titles(directive.state, StringList(lines, source="layer_pages"), node)
    return node.children


class LayerModules(SphinxDirective):
    """Every module of the named folders: the folder's docstring, then one section per module."""

    required_arguments = 1
    optional_arguments = 5

    def run(self):
        graph = layers.import_graph()
        imports = folder_imports(graph)
        covered = self.env.layer_pages.setdefault(self.env.docname, set())
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
                title = f"``{module}``"
                is_package = layers.modules()[module].name == "__init__.py"
                lines += [title, "-" * len(title), "", f".. automodule:: {module}"]
                # A package's __all__ re-exports names documented in their own modules.
                lines += ["   :no-members:", ""] if is_package else [""]
        return _parse(self, lines)


class FaceNames(SphinxDirective):
    """The names of ``autogalaxy_jaxnfw.__all__``, each linked to the object where it is defined."""

    def run(self):
        self.env.layer_pages.setdefault(self.env.docname, set())
        import autogalaxy_jaxnfw as agj

        lines = [".. autosummary::", ""]
        for name in agj.__all__:
            value = getattr(agj, name)
            if hasattr(value, "__file__"):
                lines.append(f"   ~{value.__name__}")
            else:
                home = getattr(value, "__module__", None) or _defining_module(name)
                lines.append(f"   ~{home}.{name}")
        return _parse(self, lines)


def _defining_module(name):
    """The module whose ``__all__`` holds ``name`` (for objects without ``__module__``)."""
    for module in layers.modules():
        if module.count(".") > 1 and name in getattr(importlib.import_module(module), "__all__", ()):
            return module
    raise ValueError(f"no module of the package defines {name!r}")


class LayerTable(SphinxDirective):
    """The layers, their folders and modules, and the folders each imports from."""

    def run(self):
        self.env.layer_pages.setdefault(self.env.docname, set())
        graph = layers.import_graph()
        imports = folder_imports(graph)
        lines = [".. list-table::", "   :header-rows: 1", "   :widths: 8 14 50 28", "",
                 "   * - layer", "     - folder", "     - modules", "     - imports from"]
        for label, folders in groups():
            for folder in folders:
                members = members_of(folder, graph)
                short = ", ".join(f"``{m.removeprefix(layers.PACKAGE + '.')}``" for m in members)
                uses = sorted({target for (source, target) in imports if source == folder})
                lines += [f"   * - {label}", f"     - ``{folder}``", f"     - {len(members)}: {short}",
                          f"     - {', '.join(f'``{u}``' for u in uses) or '(nothing)'}"]
        problems = layers.violations(graph)
        lines += ["", f"{len(graph)} modules; the longest import chain has {layers.depth(graph)} modules; "
                      f"{len(problems)} import(s) against the layer order or in a circle."]
        return _parse(self, lines)


def diagram_svg(graph):
    """An SVG arc diagram: the folders from the face (top) to numerics (bottom), an arc per import."""
    imports = folder_imports(graph)
    rows = [(label, folder) for label, folders in reversed(groups()[:-len(layers.INDEPENDENT)]) for folder in folders]
    rows += [(label, folder) for label, folders in groups()[-len(layers.INDEPENDENT):] for folder in folders]
    y = {folder: 10 + 46 * i for i, (_, folder) in enumerate(rows)}
    box_w, box_h, x0 = 230, 30, 10
    right = x0 + box_w
    span = max(abs(y[a] - y[b]) for a, b in imports) if imports else 0
    width = right + 40 + span * 0.4
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{10 + 46 * len(rows)}" '
             'font-family="sans-serif" font-size="13" role="img" aria-label="import graph of the layer folders">',
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
             'orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>']
    palette = ("#1b6ca8", "#c2571a", "#2e8b57", "#8e44ad", "#b03a48", "#7a6a00", "#0f7c80", "#555555")
    colour = {folder: palette[i % len(palette)] for i, (_, folder) in enumerate(rows)}
    for (source, target), count in sorted(imports.items()):
        # Leave a box above its centre and reach one below it, so arrowheads and tails do not meet.
        y1, y2 = y[source] + box_h / 2 - 5, y[target] + box_h / 2 + 5
        bulge = right + 20 + abs(y2 - y1) * 0.5
        parts.append(f'<path class="import" d="M{right},{y1:.0f} C{bulge:.0f},{y1:.0f} {bulge:.0f},{y2:.0f} {right},{y2:.0f}" '
                     f'fill="none" stroke="{colour[source]}" stroke-width="1.3" marker-end="url(#arrow)">'
                     f'<title>{source} imports {target} ({count} module imports)</title></path>')
    for label, folder in rows:
        count = len(members_of(folder, graph))
        tag = "independent" if label == "-" else f"layer {label}"
        parts.append(f'<rect x="{x0}" y="{y[folder]}" width="{box_w}" height="{box_h}" rx="4" fill="#eef3f8" stroke="#335"/>'
                     f'<text x="{x0 + 8}" y="{y[folder] + 20}" font-weight="bold">{html.escape(folder)}</text>'
                     f'<text x="{right - 8}" y="{y[folder] + 20}" font-size="11" fill="#445" text-anchor="end">'
                     f'{tag}, {count} modules</text>')
    parts.append("</svg>")
    return "\n".join(parts)


class LayerDiagram(SphinxDirective):
    """The arc diagram of :func:`diagram_svg`, inline in the HTML page."""

    def run(self):
        return [nodes.raw("", diagram_svg(layers.import_graph()), format="html")]


class CallFlow(SphinxDirective):
    """Numbered steps ``dotted.name | what it does``: each name is imported, linked and placed in its layer."""

    has_content = True

    def run(self):
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
