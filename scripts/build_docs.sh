#!/usr/bin/env bash
# Builds the API reference from the docstrings into docs/_build/html/ (warnings are errors).
# Sets up .venv if needed and adds the docs extra (Sphinx) to it once.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure_env.sh
if ! .venv/bin/python -c "import sphinx" 2>/dev/null; then
    .venv/bin/python -m pip install -q -e ".[docs]"
fi
.venv/bin/python -m sphinx -W --keep-going -q -b html docs/api docs/_build/html "$@"
echo "API reference: docs/_build/html/index.html"
