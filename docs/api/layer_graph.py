"""The layer folders and the imports between them, as :func:`autogalaxy_jaxnfw.layers.import_graph`
reads them from the source, and an SVG arc diagram of them drawn in plain Python."""

import html
from collections import Counter

from autogalaxy_jaxnfw import layers

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
    """The modules of a folder, sorted."""
    return sorted(module for module in graph if folder_of(module) == folder)


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
