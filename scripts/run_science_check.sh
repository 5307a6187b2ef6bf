#!/usr/bin/env bash
# The main job of the README: sets up .venv if needed, then runs the science check.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure_env.sh
.venv/bin/python docs/research/science_check --out output/science_check "$@"
echo "Figures and summary: $(pwd)/output/science_check/"
