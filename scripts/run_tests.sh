#!/usr/bin/env bash
# The test command of the README: sets up .venv if needed, then runs the whole suite.
#   bash scripts/run_tests.sh            the whole suite (what .ci/run runs)
#   bash scripts/run_tests.sh --quick    the quick tier: the tests not marked ``slow``
# Other arguments go to pytest; the 25 longest tests are listed at the end (for CI logs).
# Tests are spread over up to 4 worker processes (pytest-xdist), a module per worker so a
# module's compiled fixtures are built once; compiled programs are shared between processes
# through JAX's persistent cache (see the conftest).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure_env.sh
select=()
arguments=()
for argument in "$@"; do
    if [ "$argument" = "--quick" ]; then select=(-m "not slow"); else arguments+=("$argument"); fi
done
workers=$(.venv/bin/python -c "import os; print(max(1, min(4, os.cpu_count() or 1)))")
exec .venv/bin/python -m pytest -q --durations=25 -n "$workers" --dist loadfile "${select[@]}" "${arguments[@]}"
