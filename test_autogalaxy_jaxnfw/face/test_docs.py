"""The API reference builds from the docstrings without a warning, one page per layer.

One Sphinx build (``docs/api``, as ``scripts/build_docs.sh`` runs it, warnings as errors) in a
fresh process; the pages it writes are checked against the folders and modules
:mod:`autogalaxy_jaxnfw.layers` finds in the source.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from autogalaxy_jaxnfw import layers

# One Sphinx build in a fresh process: the full suite only.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def html(tmp_path_factory):
    out = tmp_path_factory.mktemp("docs")
    command = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
               "-d", str(out / "doctrees"), str(ROOT / "docs" / "api"), str(out / "html")]
    build = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert build.returncode == 0, f"sphinx-build failed (warnings are errors):\n{build.stderr[-6000:]}"
    return out / "html"


def _pages():
    """Page name -> the folders it documents: one page per layer, the face and each independent folder."""
    pages = {"_".join(group): group for group in layers.LAYERS}
    pages["face"] = (None,)
    pages.update({folder: (folder,) for folder in layers.INDEPENDENT})
    return pages


def test__api_reference__every_layer_page_documents_every_module_of_its_folders(html):
    graph = layers.import_graph()
    for page, folders in _pages().items():
        path = html / f"{page}.html"
        assert path.is_file(), f"no page {page}.html for folders {folders}"
        anchors = set(re.findall(r'id="module-([\w.]+)"', path.read_text()))
        expected = {module for module in graph if layers.layer_of(module)[1] in folders}
        assert expected and expected <= anchors, f"{page}.html lacks {sorted(expected - anchors)}"


def test__api_reference__architecture_page_names_every_folder_and_draws_the_imports(html):
    text = (html / "architecture.html").read_text()
    folders = [folder for group in layers.LAYERS for folder in group] + list(layers.INDEPENDENT)
    for folder in folders:
        assert f'<span class="pre">{folder}</span>' in text, f"architecture page does not name {folder!r}"
        assert f">{folder}</text>" in text, f"architecture diagram has no box for {folder!r}"
    cross_folder = {
        (layers.layer_of(module)[1], layers.layer_of(target)[1])
        for module, targets in layers.import_graph().items()
        for target in targets
        if layers.layer_of(module)[1] != layers.layer_of(target)[1]
    }
    assert text.count('<path class="import"') == len(cross_folder)
    assert "0 import(s) against the layer order" in text


def test__api_reference__face_page_links_every_top_level_name(html):
    import autogalaxy_jaxnfw as agj

    text = (html / "face.html").read_text()
    for name in agj.__all__:
        assert re.search(rf'<span class="pre">{re.escape(name)}</span>', text), f"agj.{name} missing from face.html"
