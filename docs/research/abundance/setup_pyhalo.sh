#!/usr/bin/env bash
# A separate Python 3.12 environment with pyHalo (PyPI name ``pyhalo``), used only to read its
# source and to compare its warm-dark-matter turnover factors with the package's
# (docs/research/abundance_warm.md).  pip pulls lenstronomy, colossus and the rest.
set -euo pipefail
VENV=${1:-/work/venvs/pyhalo}
~/.pyenv/versions/3.12.1/bin/python -m venv "$VENV"
"$VENV/bin/pip" install --quiet --upgrade pip
"$VENV/bin/pip" install --quiet pyhalo numpy scipy astropy colossus lenstronomy
"$VENV/bin/python" -c "import pyHalo, importlib.metadata as m; print('pyHalo', m.version('pyhalo'))"
