"""The API reference builds from the docstrings without a warning, one page per layer.

One Sphinx build (``docs/api``, as ``scripts/build_docs.sh`` runs it, warnings as errors) in a
fresh process; the pages it writes are checked against the folders and modules
:mod:`autogalaxy_jaxnfw.layers` finds in the source, and for what a reader sees: the front
page's install, commands, example and contract, a readable sidebar, a filled table, a footer.
"""

import json
import os
import re
import subprocess
import sys
import textwrap
from html import unescape
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


def _text(fragment):
    """The text of an HTML fragment, tags dropped, entities read and whitespace collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def test__api_reference__front_page_has_install_the_two_commands_the_contract_and_the_layer_pages(html):
    text = (html / "index.html").read_text()
    plain = _text(text)
    for needed in ('pip install -e ".[colossus]"', "bash scripts/run_science_check.sh", "bash scripts/run_tests.sh"):
        assert needed in plain, f"index.html lacks {needed!r}"
    assert 'id="the-contract"' in text, "index.html has no section 'The contract'"
    contract = plain[plain.index("The contract"):]
    for needed in ("jax.jit", "jax.grad", "jax.vmap", "float32", "valid", "names the argument",
                   'warm="bose16"', "Ludlow et al. (2016)", "Diemer & Joyce (2019)",
                   "Ishiyama et al. (2021)", "test_autogalaxy_jaxnfw/contract/"):
        assert needed in contract, f"index.html's contract lacks {needed!r}"
    for page in _pages():
        assert f'href="{page}.html"' in text, f"index.html does not link {page}.html"


def test__api_reference__front_page_example_runs_in_a_fresh_process_in_float64():
    source = (ROOT / "docs" / "api" / "index.rst").read_text()
    block = re.search(r"^\.\. code-block:: python\n\n(.*?)(?=^\S)", source, re.S | re.M).group(1)
    code = textwrap.dedent(block) + "\nprint(json.dumps([str(c.dtype), str(convergence.array.dtype), str(deflections.array.dtype)]))\n"
    env = {k: v for k, v in os.environ.items() if k != "JAX_ENABLE_X64"}
    run = subprocess.run([sys.executable, "-c", "import json\n" + code], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-4000:]
    assert json.loads(run.stdout.strip().splitlines()[-1]) == ["float64"] * 3


def test__api_reference__sidebar_entries_of_every_page_are_distinct_and_readable(html):
    # The sidebar once listed a layer page's modules by their full dotted names, which a 220 px
    # sidebar clipped to one identical "autogalaxy_jaxnfw.<folder>." each.
    for page in list(_pages()) + ["index", "architecture"]:
        text = (html / f"{page}.html").read_text()
        sidebar = text[text.index('<div class="sphinxsidebar"'):text.index('<div class="documentwrapper">')]
        entries = [_text(link) for link in re.findall(r'<a class="reference internal"[^>]*>(.*?)</a>', sidebar, re.S)]
        assert len(entries) >= len(_pages()), f"{page}.html: the sidebar lists {entries}"
        if page in _pages():
            modules = set(re.findall(r'id="module-([\w.]+)"', text))
            assert set(re.findall(r'href="#module-([\w.]+)"', sidebar)) == modules, f"{page}.html: sidebar lacks modules"
        repeated = sorted({entry for entry in entries if entries.count(entry) > 1})
        assert not repeated, f"{page}.html: repeated sidebar entries {repeated}"
        too_long = [entry for entry in entries if entry.startswith(layers.PACKAGE + ".")]
        assert not too_long, f"{page}.html: sidebar entries carry the package's name {too_long}"
        # The longest names still need a second line: the sidebar's stylesheet lets them wrap.
        assert "_static/sidebar.css" in text, f"{page}.html does not load sidebar.css"
    assert "white-space: normal" in (html / "_static" / "sidebar.css").read_text()


def test__api_reference__architecture_table_has_no_empty_cell(html):
    text = (html / "architecture.html").read_text()
    table = text[text.index("<table"):text.index("</table>")]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", table, re.S)
    assert cells and all(_text(cell) for cell in cells), "architecture.html: an empty table cell"
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)
    reference = next(_text(row) for row in rows if '<span class="pre">reference</span>' in row)
    assert reference.startswith("independent reference"), reference


def test__api_reference__footer_names_the_copyright_holder(html):
    for path in html.glob("*.html"):
        footer = path.read_text().split('<div class="footer">', 1)[1]
        line = _text(footer.split("|", 1)[0])
        assert line != "©.", f"{path.name}: footer reads {line!r}"
        assert "autogalaxy_jaxnfw developers" in line, f"{path.name}: footer reads {line!r}"
