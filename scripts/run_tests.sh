#!/usr/bin/env bash
# The test command of the README: sets up .venv if needed, then runs the whole suite.
# Tests are spread over up to 4 worker processes (pytest-xdist), a module per worker so a
# module's compiled fixtures are built once.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure_env.sh
workers=$(.venv/bin/python -c "import os; print(max(1, min(4, os.cpu_count() or 1)))")
exec .venv/bin/python -m pytest -q -n "$workers" --dist loadfile "$@"
