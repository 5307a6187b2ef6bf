#!/usr/bin/env bash
# Creates .venv (Python >= 3.12) with the package and its test/validation extras, once.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c "import autogalaxy_jaxnfw, colossus, pytest, xdist, hypothesis, mpmath, sphinx, filelock" 2>/dev/null; then
    py=""
    for candidate in python3.12 python3.13 python python3; do
        if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
            py="$candidate"; break
        fi
    done
    if [ -z "$py" ] && [ -x "$HOME/.pyenv/versions/3.12.1/bin/python" ]; then
        py="$HOME/.pyenv/versions/3.12.1/bin/python"
    fi
    [ -n "$py" ] || { echo "Python >= 3.12 is required (autogalaxy needs it)" >&2; exit 1; }
    "$py" -m venv .venv
    # uv resolves and installs the same requirements several times faster than pip (it
    # downloads in parallel). Both byte-compile what they install: where the environment sets
    # PYTHONDONTWRITEBYTECODE (this machine does), nothing is cached at first import, and
    # every fresh interpreter the suite starts would compile jax, autogalaxy and autolens from
    # source again (import 4.5 s instead of 1.8). pip stays the fallback wherever uv cannot be
    # had or fails.
    if ! { .venv/bin/python -m pip install -q uv && .venv/bin/python -m uv pip install -q --compile-bytecode --python .venv/bin/python -e ".[test]"; }; then
        echo "uv unavailable or failed: installing with pip" >&2
        .venv/bin/python -m pip install -q --upgrade pip
        .venv/bin/python -m pip install -q -e ".[test]"
    fi
fi
