"""Sphinx configuration of the API reference (``bash scripts/build_docs.sh``).

The pages document the checkout they sit in: its root goes first on ``sys.path``, so an
installed copy of the package elsewhere is not the one read.  Which modules each layer page
lists, the architecture page's table and diagram all come from
:mod:`autogalaxy_jaxnfw.layers` when the docs are built (``layer_pages.py``).
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))
sys.path.insert(0, str(HERE))

import autogalaxy_jaxnfw  # noqa: E402

project = "autogalaxy_jaxnfw"
author = "autogalaxy_jaxnfw developers"
copyright = f"2026, {author}"
release = version = autogalaxy_jaxnfw.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.autosummary",
    "layer_pages",
    "public_names",
    "plain_text_math",
]

# numpy-style docstrings only: a line such as "Example:" in prose is not a Google section.
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True, "show-inheritance": True}
autodoc_typehints = "description"
autodoc_preserve_defaults = True
autosummary_generate = False

exclude_patterns = ["_build"]
html_theme = "alabaster"
html_theme_options = {"fixed_sidebar": True, "sidebar_width": "250px", "page_width": "1000px"}
html_static_path = ["_static"]
# Long dotted names wrap in the sidebar instead of running under its edge.
html_css_files = ["sidebar.css"]
