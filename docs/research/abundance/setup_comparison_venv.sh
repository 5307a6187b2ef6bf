#!/usr/bin/env bash
# A separate virtual environment with hmf and halox for docs/research/abundance/compare_codes.py
# (kept apart from the project's venv: hmf pulls camb, halox its own jax).
set -euo pipefail
VENV=${1:-/work/venvs/hmf}
PYTHON=${PYTHON:-$HOME/.pyenv/versions/3.12.1/bin/python}
"$PYTHON" -m venv "$VENV"
"$VENV/bin/pip" install --quiet --upgrade pip
"$VENV/bin/pip" install --quiet hmf || echo "hmf failed to install"
"$VENV/bin/pip" install --quiet halox || echo "halox failed to install"
"$VENV/bin/pip" install --quiet mpmath scipy numpy
"$VENV/bin/pip" freeze | grep -i -E "^(hmf|halox|camb|jax|numpy|scipy)=="
